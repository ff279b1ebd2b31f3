import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect, it } from 'vitest';
import { makeTempRepo, PROJECT_ROOT } from '../helpers/temp-repo.js';
import { siteFiles } from './fixtures.js';

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const textOf = (result: ToolResult): string => result.content.map((item) => item.text ?? '').join('\n');

it('the MCP tools take the site: create_task writes it, status and recent results filter by it, verify reports it', async ({ onTestFinished }) => {
  const config = ['docs', 'blog'].reduce((text, site) => `${text}  ${site}:\n    path: sites/${site}\n    environments:\n      staging:\n        base_url: https://staging.${site}.example.org/\n`, 'sites:\n');
  const repo = await makeTempRepo({ ...siteFiles('sites/docs', 'Docs'), ...siteFiles('sites/blog', 'Blog'), 'handoff.yml': config });
  onTestFinished(repo.remove);
  const client = new Client({ name: 'handoff-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', repo.root], cwd: repo.root, stderr: 'pipe' }));
  onTestFinished(() => client.close());
  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as ToolResult;
  const json = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return JSON.parse(textOf(result));
  };

  const missing = await call('create_task', { template: 'hugo-build', environment: 'staging', description: 'No site' });
  expect(missing.isError).toBe(true);
  expect(textOf(missing)).toContain('one of: docs, blog');
  const created: Record<string, { id: string; path: string; site: string }> = {};
  for (const site of ['docs', 'blog']) {
    created[site] = await json('create_task', { template: 'hugo-build', environment: 'staging', site, description: `Build ${site}` });
    expect(created[site]).toMatchObject({ ok: true, site });
    // The template's criterion is file_count >= min_file_count (#9): the first build of each site passes.
    const run = await repo.handoff(['run', created[site]!.path]);
    expect(run.stdout, run.stderr).toMatch(/^result: results\//);
  }

  const recent = await json('list_recent_results', { site: 'blog' });
  expect(recent.results.map((result: { task_id: string; site: string }) => [result.task_id, result.site])).toEqual([[created.blog!.id, 'blog']]);
  const status = await json('task_status', { site: 'docs' });
  expect([...status.completed, ...status.failed]).toEqual([`tasks/completed/${created.docs!.id}.md`]);
  const verified = await json('verify_result', { task_id: created.docs!.id });
  expect(verified).toMatchObject({ task_id: created.docs!.id, site: 'docs', verdict: 'pass' });
  const unknown = await call('list_recent_results', { site: 'shop' });
  expect(unknown.isError).toBe(true);
  expect(textOf(unknown)).toContain('one of: docs, blog');
});
