import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, MINIMAL_SITE, PROJECT_ROOT } from '../helpers/temp-repo.js';
import { buildTaskFor, FAKE_SECRETS, leakingSite } from './leaking-site.js';

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };

describe('handoff mcp with credentials in its environment', () => {
  it('answers verify_result and list_recent_results without their values, even from a result written where they were not known', async ({ onTestFinished }) => {
    const [taskPath, taskText] = buildTaskFor('site', 'mcp-leak');
    const repo = await makeTempRepo({ ...MINIMAL_SITE, ...leakingSite('site', 'errorf'), [taskPath]: taskText });
    onTestFinished(repo.remove);
    const secret = FAKE_SECRETS.GITHUB_TOKEN;
    // Written by a run whose environment named the value as nothing secret: it is in the result file.
    const run = await repo.handoff(['run', taskPath, '--json'], { env: { ...process.env, LC_HANDOFF_PROBE: secret } });
    expect(run.code).toBe(1);
    expect(await repo.read(run.json().result_path as string)).toContain(secret);

    const client = new Client({ name: 'handoff-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: process.execPath,
      args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', repo.root],
      cwd: repo.root,
      env: { PATH: process.env.PATH ?? '', HOME: repo.root, GITHUB_TOKEN: secret },
      stderr: 'pipe',
    }));
    onTestFinished(() => client.close());
    const verified = (await client.callTool({ name: 'verify_result', arguments: { task_id: '2026-01-19-1430-hugo-build-mcp-leak' } })) as ToolResult;
    const recent = (await client.callTool({ name: 'list_recent_results', arguments: { limit: 5 } })) as ToolResult;
    const answers = [verified, recent].map((answer) => answer.content.map((item) => item.text ?? '').join('\n'));
    expect(answers[0]).toContain('LC_HANDOFF_PROBE=[***]');
    expect(answers.filter((text) => text.includes(secret))).toEqual([]);
  });
});
