import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect, it } from 'vitest';
import { makeRemoteSetup } from '../agent/git-fixture.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const textOf = (result: ToolResult): string => result.content.map((item) => item.text ?? '').join('\n');

it('drives every MCP tool over the real stdio transport: the whole loop without the CLI', async () => {
  const setup = await makeRemoteSetup();
  const client = new Client({ name: 'handoff-test', version: '1.0.0' });
  try {
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', setup.agent.root], cwd: setup.agent.root, stderr: 'pipe' }));
    const called = new Set<string>();
    const call = async (name: string, args: Record<string, unknown> = {}): Promise<ToolResult> => {
      called.add(name);
      return (await client.callTool({ name, arguments: args })) as ToolResult;
    };
    const ok = async (name: string, args: Record<string, unknown> = {}): Promise<any> => {
      const result = await call(name, args);
      expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
      return JSON.parse(textOf(result));
    };
    const refused = async (name: string, args: Record<string, unknown>, text: string): Promise<void> => {
      const result = await call(name, args);
      expect(result.isError, `${name}: ${textOf(result)}`).toBe(true);
      expect(textOf(result)).toContain(text);
      expect(textOf(result)).not.toMatch(/ --[a-z]/);
    };

    const templates = (await ok('list_templates')).templates;
    expect(templates.find((template: { name: string }) => template.name === 'hugo-build')).toMatchObject({
      filled_automatically: expect.arrayContaining(['timestamp', 'brief', 'base_url', 'site_path']),
      to_give: ['environment', 'description'],
    });

    // Run locally, judged at once.
    const build = await ok('create_task', { template: 'hugo-build', environment: 'dev', description: 'Local build' });
    expect(await ok('validate_task', { path: build.path })).toMatchObject({ ok: true, files: [{ ok: true, file: build.path }] });
    const ran = await ok('run_task', { path: build.path });
    expect(ran).toMatchObject({ ok: true, verdict: 'pass', task_id: build.id, task_file: `tasks/completed/${build.id}.md` });
    await refused('run_task', { path: build.path }, 'no such task file');
    await refused('validate_task', { path: 'tasks/pending/missing.md' }, 'tasks/pending/missing.md: no such file or folder');
    expect(await ok('verify_result', { task_id: build.id })).toMatchObject({ verdict: 'pass', source: 'local' });

    // Cancel a pending task: it gets a result, so a wait ends; a second cancel is refused.
    const unwanted = await ok('create_task', { template: 'hugo-build', environment: 'dev', description: 'Not wanted after all' });
    const cancelled = await ok('cancel_task', { task_id: unwanted.id, reason: 'the user changed their mind' });
    expect(cancelled).toMatchObject({ ok: true, task_file: `tasks/failed/${unwanted.id}.md` });
    const waitedCancelled = await ok('wait_for_result', { task_id: unwanted.id, timeout_seconds: 10, interval_seconds: 0.2 });
    expect(waitedCancelled).toMatchObject({ ok: false, verdict: 'fail', error: { message: 'cancelled before it ran: the user changed their mind' } });
    await refused('cancel_task', { task_id: unwanted.id }, 'only a task in tasks/pending/ can be cancelled');

    // Through the remote: submit, a worker elsewhere runs it, wait and verify.
    const staged = await ok('create_task', { template: 'hugo-build', environment: 'staging', description: 'Remote build' });
    expect(await ok('submit_task', { path: staged.path })).toMatchObject({ pushed: true });
    expect((await ok('task_status', { task_id: staged.id })).remote.states).toEqual(['pending']);
    const worker = await setup.clone();
    expect((await worker.handoff(['watch', '--once', '--push'])).code).toBe(0);
    expect(await ok('wait_for_result', { task_id: staged.id, timeout_seconds: 60, interval_seconds: 0.3 })).toMatchObject({ verdict: 'pass', source: 'remote' });
    expect((await ok('list_recent_results', { limit: 3 })).results.length).toBeGreaterThan(0);
    expect((await ok('task_status', {})).completed).toContain(`tasks/completed/${build.id}.md`);

    // Content edits: create, the dry run, then apply the same task (same id) and run it.
    const edit = await ok('create_content_edit', { description: 'Tag the blog', files: ['blog/*.md'], operations: [{ op: 'add_to_list', field: 'tags', value: 'driftwood' }] });
    expect((await ok('dry_run_content_edit', { path: edit.path })).files_changed).toBeGreaterThan(0);
    await ok('apply_content_edit', { path: edit.path });
    expect(await ok('run_task', { path: edit.path })).toMatchObject({ ok: true, verdict: 'pass', task_id: edit.id });

    // The GitHub side of the trust model needs a token, which this server was not given.
    await refused('doctor', {}, 'no GitHub token: set GITHUB_TOKEN or GH_TOKEN');

    // Deploy tools answer with their refusals where there is nothing to plan, promote or go back to here.
    await refused('plan_deploy', { path: build.path }, 'tasks/pending/');
    await refused('promote_to_production', { staging_task_id: build.id, confirm: 'DEPLOY TO PRODUCTION' }, build.id);
    await refused('rollback', { environment: 'staging' }, 'staging');
    await refused('preview_url', { branch: 'main' }, 'main');

    const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect([...called].sort()).toEqual(tools);
  } finally {
    await client.close();
    await setup.remove();
  }
}, 180_000);
