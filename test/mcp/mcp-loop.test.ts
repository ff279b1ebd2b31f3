import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeRemoteSetup, type RemoteSetup } from '../agent/git-fixture.js';

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const textOf = (result: ToolResult): string => result.content.map((item) => item.text ?? '').join('\n');
const jsonOf = (result: ToolResult): any => {
  expect(result.isError, textOf(result)).toBeFalsy();
  return JSON.parse(textOf(result));
};

describe('handoff mcp', () => {
  let setup: RemoteSetup;
  let client: Client;
  beforeEach(async () => {
    setup = await makeRemoteSetup();
    client = new Client({ name: 'handoff-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', setup.agent.root], cwd: setup.agent.root, stderr: 'pipe' }),
    );
  });
  afterEach(async () => {
    await client.close();
    await setup.remove();
  });

  const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args }) as Promise<ToolResult>;

  it('drives create -> submit -> (a watcher runs it) -> wait -> verify over stdio', async () => {
    const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(tools).toEqual(['apply_content_edit', 'cancel_task', 'create_content_edit', 'create_task', 'doctor', 'dry_run_content_edit', 'list_recent_results', 'list_templates', 'plan_deploy', 'preview_url', 'promote_to_production', 'rollback', 'run_task', 'submit_task', 'task_status', 'validate_task', 'verify_result', 'wait_for_result']);
    const templates = jsonOf(await call('list_templates')).templates;
    expect(templates).toContainEqual(expect.objectContaining({ name: 'hugo-build', type: 'hugo-build', environment: null }));
    expect(templates).toContainEqual(expect.objectContaining({ name: 'hugo-deploy-production', environment: 'production' }));

    const created = jsonOf(await call('create_task', { template: 'hugo-build', environment: 'staging', description: 'MCP loop', brief: 'mcp-loop' }));
    expect(created).toMatchObject({ ok: true, type: 'hugo-build', environment: 'staging' });
    const submitted = jsonOf(await call('submit_task', { path: created.path }));
    expect(submitted).toMatchObject({ ok: true, id: created.id, pushed: true, remote: 'origin/main' });
    const status = jsonOf(await call('task_status', { task_id: created.id }));
    expect(status.remote).toMatchObject({ where: 'origin/main', states: ['pending'], result_path: null });

    const worker = await setup.clone();
    const watched = await worker.handoff(['watch', '--once', '--push']);
    expect(watched.code, watched.stderr).toBe(0);

    const waited = jsonOf(await call('wait_for_result', { task_id: created.id, timeout_seconds: 60, interval_seconds: 0.3 }));
    expect(waited).toMatchObject({ ok: true, verdict: 'pass', task_id: created.id, source: 'remote', error: null });
    const verified = jsonOf(await call('verify_result', { task_id: created.id }));
    expect(verified).toMatchObject({ ok: true, verdict: 'pass', source: 'remote', next_step: expect.stringContaining('Proceed') });
    expect(verified.criteria.map((criterion: { expression: string }) => criterion.expression)).toContain('file_count >= min_file_count');

    await setup.git(setup.agent.root, 'pull', '-q', '--rebase');
    expect(jsonOf(await call('verify_result', { task_id: created.id })).source).toBe('local');
    const recent = jsonOf(await call('list_recent_results', { limit: 5 }));
    expect(recent.results[0]).toMatchObject({ task_id: created.id, status: 'success', error_category: null });
  });

  it('content-edit: create, dry run (nothing written), then a worker runs it and verify shows the diff', async () => {
    const page = 'site/content/blog/quiet-hours.md';
    const before = await readFile(path.join(setup.agent.root, page), 'utf8');
    const created = jsonOf(
      await call('create_content_edit', {
        description: 'Tag the blog posts',
        brief: 'tag-blog',
        files: ['blog/*.md'],
        operations: [{ op: 'add_to_list', field: 'tags', value: 'driftwood' }, { op: 'set', field: 'params.reviewed', value: true }],
      }),
    );
    expect(created).toMatchObject({ ok: true, type: 'content-edit', environment: 'dev' });
    const preview = jsonOf(await call('dry_run_content_edit', { path: created.path }));
    expect(preview).toMatchObject({ ok: true, errors: [], files_changed: preview.files_matched });
    expect(preview.files_matched).toBeGreaterThan(10);
    expect(preview.diff).toContain(`+++ b/${page}`);
    expect(preview.diff).toContain('+  reviewed: true');
    expect(await readFile(path.join(setup.agent.root, page), 'utf8')).toBe(before);
    expect(preview.next_step).toBe(`To write it: apply_content_edit with this path (or handoff run ${created.path} --apply), the same task and id.`);
    // The previewed task itself becomes the edit: same file, same id, dry_run false.
    const applied = jsonOf(await call('apply_content_edit', { path: created.path }));
    expect(applied).toMatchObject({ ok: true, task_id: created.id, path: created.path });
    expect(await readFile(path.join(setup.agent.root, created.path), 'utf8')).toContain('  dry_run: false\n');
    expect(await readFile(path.join(setup.agent.root, page), 'utf8')).toBe(before);

    const bad = await call('create_content_edit', { description: 'Bad', brief: 'bad-edit', files: ['blog/*.md'], operations: [{ op: 'replace', regex: true, find: '(', replace: '', max_replacements: 1 }] });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/params\.operations\[0\]\.find: expected a valid JavaScript regular expression/);
    const badOperation = await call('create_content_edit', { description: 'Bad', files: ['blog/*.md'], operations: [{ op: 'sett', field: 'x', value: 1 }] });
    expect(badOperation.isError).toBe(true);

    jsonOf(await call('submit_task', { path: created.path }));
    const worker = await setup.clone();
    const watched = await worker.handoff(['watch', '--once', '--push']);
    expect(watched.code, watched.stderr).toBe(0);
    const verified = jsonOf(await call('verify_result', { task_id: created.id }));
    expect(verified).toMatchObject({ ok: true, verdict: 'pass', type: 'content-edit', content_edit: { written: true, errors: [], files_changed: preview.files_changed } });
    expect(verified.content_edit.diff).toBe(preview.diff);
  });

  it('validates inputs and answers failures as tool errors with the CLI\'s messages', async () => {
    const badInput = await call('create_task', { template: 'hugo-build', environment: 'prod', description: 'x' });
    expect(badInput.isError).toBe(true);
    expect(textOf(badInput)).toMatch(/environment/);

    const unknown = await call('create_task', { template: 'hugo-bild', description: 'x' });
    expect(unknown.isError).toBe(true);
    const cli = await setup.agent.handoff(['new', 'hugo-bild', '--description', 'x']);
    expect(cli.code).toBe(2);
    expect(textOf(unknown)).toContain('no template "hugo-bild"');
    expect(cli.stderr).toContain(textOf(unknown).split('\n')[0] ?? '');

    const production = jsonOf(
      await call('create_task', {
        template: 'hugo-deploy-production', description: 'Release',
        set: { changes_summary: 'New pricing page', staging_url: 'https://staging.example.org/pricing/', confirmation: 'DEPLOY TO PRODUCTION' },
      }),
    );
    const refused = await call('submit_task', { path: production.path });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('⚠️ PRODUCTION DEPLOYMENT WARNING');
    expect(textOf(refused)).toContain('This will update the customer-facing site at https://www.example.org/');
    const cliRefused = await setup.agent.handoff(['submit', production.path]);
    expect(cliRefused.code).toBe(1);
    // The same refusal, with the way to confirm in each interface's own words.
    const [sharedPart, mcpWay] = textOf(refused).split('submit again with it: ');
    expect(cliRefused.stderr).toContain(`${sharedPart}submit again with it: handoff submit ${production.path} --confirm "DEPLOY TO PRODUCTION"`);
    expect(mcpWay).toBe(`the submit_task tool with path "${production.path}" and confirm "DEPLOY TO PRODUCTION"`);
    const confirmed = jsonOf(await call('submit_task', { path: production.path, confirm: 'DEPLOY TO PRODUCTION', push: false }));
    expect(confirmed).toMatchObject({ ok: true, pushed: false, warning: expect.stringContaining('Staging preview: https://staging.example.org/pricing/') });

    const notYet = await call('verify_result', { task_id: production.id });
    expect(notYet.isError).toBe(true);
    const cliNotYet = await setup.agent.handoff(['verify', production.id]);
    expect(cliNotYet.stderr).toBe(`handoff: ${textOf(notYet)}\n`);
    const missing = await call('task_status', { task_id: '2026-01-01-0000-nothing' });
    expect(missing.isError).toBe(true);
    const timedOut = await call('wait_for_result', { task_id: production.id, timeout_seconds: 0.5, interval_seconds: 0.2 });
    expect(timedOut.isError).toBe(true);
    expect(textOf(timedOut)).toContain(`no result for ${production.id} after`);
  });

  it('answers plan_deploy, promote_to_production and rollback with the CLI\'s refusals when there is nothing to plan or go back to', async () => {
    const build = jsonOf(await call('create_task', { template: 'hugo-build', environment: 'staging', description: 'A build' }));
    const notDeploy = await call('plan_deploy', { path: build.path });
    expect(notDeploy.isError).toBe(true);
    expect(textOf(notDeploy)).toContain('handoff plan plans hugo-deploy tasks');

    const noDeploys = await call('rollback', { environment: 'staging', push: false });
    expect(noDeploys.isError).toBe(true);
    expect(textOf(noDeploys)).toMatch(/no earlier successful staging deploy to roll back to \(0 successful deploys recorded\)/);
    const cli = await setup.agent.handoff(['rollback', 'staging', '--no-push']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(textOf(noDeploys));

    const noStaging = await call('promote_to_production', { staging_task_id: '2026-01-01-0000-hugo-deploy-none', confirm: 'DEPLOY TO PRODUCTION', push: false });
    expect(noStaging.isError).toBe(true);
    expect(textOf(noStaging)).toMatch(/no result for 2026-01-01-0000-hugo-deploy-none/);
  });
});
