import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTask } from '../../src/client/new-task.js';
import { loadConfig } from '../../src/config/load-config.js';
import { formatTimestamp } from '../../src/task/task-id.js';
import { makeTempRepo, PROJECT_ROOT, type TempRepo } from '../helpers/temp-repo.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempRepo(): Promise<TempRepo> {
  const repo = await makeTempRepo();
  cleanups.push(() => repo.remove());
  return repo;
}

/** Tasks with the plain id of this minute and the next already there, so the next `new` must number its own. */
async function occupyThisMinute(repo: TempRepo, kind: string): Promise<void> {
  const now = Date.now();
  for (const time of [now, now + 60_000]) await repo.write({ [`tasks/completed/${formatTimestamp(new Date(time))}-${kind}.md`]: 'taken\n' });
}

async function mcpClient(root: string): Promise<(name: string, args?: Record<string, unknown>) => Promise<{ isError?: boolean; text: string }>> {
  const client = new Client({ name: 'handoff-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', root], cwd: root, stderr: 'pipe' }));
  cleanups.push(() => client.close());
  return async (name, args = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ text?: string }> };
    return { ...(result.isError ? { isError: true } : {}), text: result.content.map((item) => item.text ?? '').join('\n') };
  };
}

describe('a new task in the same minute', () => {
  it('gets the next free number on its brief (createTask), and an explicit brief still collides', async () => {
    const repo = await tempRepo();
    const now = new Date('2026-05-04T10:20:30Z');
    const request = { root: repo.root, cwd: repo.root, template: 'hugo-build', environment: 'dev', description: 'Again', config: await loadConfig(repo.root), now };
    const ids = [];
    for (let index = 0; index < 3; index++) {
      const outcome = await createTask(request);
      expect(outcome.ok).toBe(true);
      if (outcome.ok) ids.push(outcome.id);
    }
    expect(ids).toEqual(['2026-05-04-1020-hugo-build-dev', '2026-05-04-1020-hugo-build-dev-2', '2026-05-04-1020-hugo-build-dev-3']);
    expect(await repo.read('tasks/pending/2026-05-04-1020-hugo-build-dev-2.md')).toContain('id: "2026-05-04-1020-hugo-build-dev-2"');

    expect((await createTask({ ...request, brief: 'mine' })).ok).toBe(true);
    const clash = await createTask({ ...request, brief: 'mine' });
    expect(clash).toMatchObject({ ok: false, problems: [{ field: 'id', hint: 'pass --brief <other words> to tell this task apart' }] });
    const viaMcp = await createTask({ ...request, brief: 'mine', via: 'mcp' });
    expect(viaMcp).toMatchObject({ ok: false, problems: [{ field: 'id', hint: 'set the brief parameter to <other words> to tell this task apart' }] });
  });

  it('from the CLI, run twice in a row, both succeed with distinct ids', async () => {
    const repo = await tempRepo();
    await occupyThisMinute(repo, 'hugo-build-dev');
    const first = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Again', '--json']);
    const second = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Again', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(first.json().id).toMatch(/-hugo-build-dev-2$/);
    expect(second.json().id).not.toBe(first.json().id);
  });

  it('from MCP, create_task twice and create_content_edit twice succeed with distinct ids', async () => {
    const repo = await tempRepo();
    await occupyThisMinute(repo, 'hugo-build-staging');
    const call = await mcpClient(repo.root);
    const ids: string[] = [];
    for (let index = 0; index < 2; index++) {
      const created = await call('create_task', { template: 'hugo-build', environment: 'staging', description: 'Again' });
      expect(created.isError, created.text).toBeUndefined();
      ids.push(JSON.parse(created.text).id);
    }
    for (let index = 0; index < 2; index++) {
      const created = await call('create_content_edit', { description: 'Tag', files: ['posts/*.md'], operations: [{ op: 'set', field: 'draft', value: false }] });
      expect(created.isError, created.text).toBeUndefined();
      ids.push(JSON.parse(created.text).id);
    }
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/-hugo-build-staging-2$/);
  });
});

describe('hints name the fix in the interface that was used', () => {
  it('new hugo-build without an environment: --env on the CLI, the environment parameter on MCP', async () => {
    const repo = await tempRepo();
    const cli = await repo.handoff(['new', 'hugo-build', '--description', 'No env', '--json']);
    expect(cli.code).toBe(1);
    const hints = Object.fromEntries(cli.json().problems.map((problem: { field: string; hint: string }) => [problem.field, problem.hint]));
    expect(hints['{environment}']).toBe('pass --env dev|staging|production');
    expect(hints['{base_url}']).toMatch(/^pass --env dev\|staging\|production: the base URL comes from handoff.yml/);
    expect(cli.stdout).not.toContain('--set');

    const call = await mcpClient(repo.root);
    const mcp = await call('create_task', { template: 'hugo-build', description: 'No env' });
    expect(mcp.isError).toBe(true);
    expect(mcp.text).toContain('(set the environment parameter to dev|staging|production)');
    expect(mcp.text).not.toMatch(/--env|--set/);
    const badSite = await call('task_status', { site: 'nope' });
    expect(badSite.isError).toBe(true);
    expect(badSite.text).toMatch(/^site: /);
  });

  it('wait with no remote and no watcher says to start handoff watch (CLI) or run_task (MCP)', async () => {
    const repo = await tempRepo();
    const { id, path: file } = (await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Waits', '--json'])).json();
    const waited = await repo.handoff(['wait', id, '--timeout', '1s', '--interval', '200ms']);
    expect(waited.code).toBe(2);
    expect(waited.stderr).toContain(`start handoff watch on this machine (it runs pending tasks), run it now (handoff run ${file}), or add a remote and submit it (handoff submit)`);
    const call = await mcpClient(repo.root);
    const mcp = await call('wait_for_result', { task_id: id, timeout_seconds: 1, interval_seconds: 0.2 });
    expect(mcp.isError).toBe(true);
    expect(mcp.text).toContain(`run it now (the run_task tool with path "${file}")`);
  });

  it('validate reports every problem of a file at once, criteria included', async () => {
    const repo = await tempRepo();
    const { path: file } = (await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Broken', '--json'])).json();
    const text = (await repo.read(file)).replace(/^environment: .*$/m, 'environment: prod').replace(/^success_criteria:\n/m, 'success_criteria:\n  - "pages > 3"\n');
    await repo.write({ [file]: text });
    const validated = await repo.handoff(['validate', file, '--json']);
    expect(validated.code).toBe(1);
    const fields = validated.json().files[0].problems.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(['environment', 'success_criteria[0]']);
  });
});
