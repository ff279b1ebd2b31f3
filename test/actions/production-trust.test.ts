import { describe, expect, it } from 'vitest';
import { environmentsApi } from './github-api-server.js';
import { buildTask, DEFAULT_CONFIG, makeRemote, orchestrationRepo, productionDeployTask, pushEvent, remoteFile, remoteFiles, runAction } from './harness.js';

const PROTECTED = { production: { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] } };

function stagingDeployTask(brief: string): [string, string] {
  const id = `2026-01-19-1510-hugo-deploy-${brief}`;
  return [
    `tasks/pending/${id}.md`,
    ['---', `id: "${id}"`, 'type: hugo-deploy', 'environment: staging', `description: "Deploy ${brief}"`, 'created: "2026-01-19T15:10:00Z"', 'params:', '  site_path: "site"', '---', ''].join('\n'),
  ];
}

describe('gates come from outside the push', () => {
  it('refuses an agent push that edits handoff.yml (allow_unprotected, another bucket) and adds a production task in one commit: failed result, nothing claimed', async ({ onTestFinished }) => {
    // No reviewers: only the pushed allow_unprotected would let this deploy through.
    const api = await environmentsApi({});
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = productionDeployTask('sneaky');
    await agent.write({ 'handoff.yml': DEFAULT_CONFIG + '    allow_unprotected: true\n    bucket: attacker-bucket\n', [taskPath]: taskText });
    const range = await agent.commitAndPush('Deploy and loosen the gate');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('0');
    expect(run.outputs.production).toBe('false');
    expect(run.stdout).toMatch(/::error title=Gate files changed with a production task,file=tasks\/pending\/2026-01-19-1500-hugo-deploy-sneaky\.md.*also changes handoff\.yml/);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain('tasks/failed/2026-01-19-1500-hugo-deploy-sneaky.md');
    const result = await remoteFile(remote.bare, (await remoteFiles(remote.bare, 'results')).find((file) => file.endsWith('hugo-deploy-sneaky.result.md')) ?? '');
    expect(result).toMatch(/status: failed/);
    expect(result).toMatch(/a production task may not come with changes to handoff\.yml, \.github\/ or actions\//);
    expect(result).toMatch(/nothing was deployed/);
    expect(api.requests).toEqual([]);
  });

  it('refuses a production task pushed with a change under .github/, even in an earlier commit of the same push', async ({ onTestFinished }) => {
    const api = await environmentsApi(PROTECTED);
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const before = await agent.git('rev-parse', 'HEAD');
    await agent.write({ '.github/workflows/tasks.yml': 'name: changed\n' });
    await agent.git('add', '-A');
    await agent.git('commit', '-qm', 'Change the workflow');
    const [taskPath, taskText] = productionDeployTask('later');
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('Deploy');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent({ before, after: range.after }), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('0');
    expect(run.stdout).toMatch(/also changes \.github\/workflows\/tasks\.yml/);
  });

  it('refuses a production task pushed with a change to actions/ (the jobs run ./actions/ of the checkout)', async ({ onTestFinished }) => {
    const api = await environmentsApi(PROTECTED);
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const before = await agent.git('rev-parse', 'HEAD');
    const [taskPath, taskText] = productionDeployTask('actions');
    await agent.write({ 'actions/run/dist/index.js': 'process.stdout.write(process.env.AWS_SECRET_ACCESS_KEY)\n', [taskPath]: taskText });
    const range = await agent.commitAndPush('Deploy');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent({ before, after: range.after }), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('0');
    expect(run.stdout).toMatch(/also changes actions\/run\/dist\/index\.js/);
  });

  it('deploys where handoff.yml said before the push, not where the pushed handoff.yml says, and reads a repository variable over both', async ({ onTestFinished }) => {
    const trusted = DEFAULT_CONFIG.replace('  staging:\n', '  staging:\n    bucket: staging-bucket\n');
    const remote = await makeRemote(orchestrationRepo(trusted));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = stagingDeployTask('redirect');
    await agent.write({
      'handoff.yml': trusted.replace('bucket: staging-bucket', 'bucket: attacker-bucket').replace('role/handoff-staging', 'role/attacker'),
      [taskPath]: taskText,
    });
    const range = await agent.commitAndPush('Deploy elsewhere');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), inputs: { 'include-waiting': 'false' } });

    expect(run.code, run.stderr).toBe(0);
    const [task] = (JSON.parse(run.outputs.matrix ?? '') as { task: Array<{ role_arn: string; environment_config: string }> }).task;
    expect(task?.role_arn).toBe('arn:aws:iam::123456789012:role/handoff-staging');
    expect(JSON.parse(task?.environment_config ?? '{}')).toMatchObject({ bucket: 'staging-bucket' });
    expect(run.summary).toMatch(/Gates and deploy targets read from handoff\.yml at [0-9a-f]{12} \(the branch before this push\)/);
    expect(JSON.parse(run.outputs['deploy-matrix'] ?? '').task).toHaveLength(1);
    expect(JSON.parse(run.outputs['build-matrix'] ?? '').task).toHaveLength(0);

    // A repository variable wins over the branch.
    await agent.git('pull', '-q', '--rebase', 'origin', 'main');
    const [otherPath, otherText] = stagingDeployTask('variable');
    await agent.write({ [otherPath]: otherText });
    const second = await agent.commitAndPush('Deploy again');
    const runner2 = await remote.clone('runner2', { ref: second.after });
    const variable = trusted.replace('bucket: staging-bucket', 'bucket: variable-bucket');
    const run2 = await runAction('claim', { workspace: runner2.dir, event: pushEvent(second), inputs: { 'include-waiting': 'false', 'handoff-config': variable } });
    expect(run2.code, run2.stderr).toBe(0);
    const [task2] = (JSON.parse(run2.outputs.matrix ?? '') as { task: Array<{ environment_config: string }> }).task;
    expect(JSON.parse(task2?.environment_config ?? '{}')).toMatchObject({ bucket: 'variable-bucket' });
    expect(run2.summary).toMatch(/read from the repository variable HANDOFF_CONFIG/);
  });

  it('puts build-only tasks in a matrix of their own (no environment, no id-token) and deploys in another', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo(DEFAULT_CONFIG.replace('  staging:\n', '  staging:\n    bucket: b\n')));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [buildPath, buildText] = buildTask('only', { environment: 'production' });
    const [deployPath, deployText] = stagingDeployTask('both');
    await agent.write({ [buildPath]: buildText, [deployPath]: deployText });
    const range = await agent.commitAndPush('A build and a deploy');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range) });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('2');
    expect((JSON.parse(run.outputs['build-matrix'] ?? '') as { task: Array<{ id: string }> }).task.map((task) => task.id)).toEqual(['2026-01-19-1430-hugo-build-only']);
    expect((JSON.parse(run.outputs['deploy-matrix'] ?? '') as { task: Array<{ id: string }> }).task.map((task) => task.id)).toEqual(['2026-01-19-1510-hugo-deploy-both']);
    expect(run.outputs['build-count']).toBe('1');
    expect(run.outputs['deploy-count']).toBe('1');
  });

  it('escapes the agent-written changes summary and staging URL in the reviewer summary', async ({ onTestFinished }) => {
    const api = await environmentsApi(PROTECTED);
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = productionDeployTask('hostile');
    const hostile = taskText
      .replace('changes_summary: "New pricing page; fixed footer links"', 'changes_summary: "<img src=x onerror=alert(1)> [approve me](https://evil.example/) @acme/admins\\n# Nothing to see\\n</details>"')
      .replace('staging_url: "https://staging.example.org/"', 'staging_url: "https://staging.example.org/_x_[a](https://evil.example/)"');
    await agent.write({ [taskPath]: hostile });
    const range = await agent.commitAndPush('Hostile');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count, run.stdout).toBe('1');
    expect(run.summary).not.toMatch(/<img/);
    expect(run.summary).not.toMatch(/<\/details>/);
    expect(run.summary).not.toMatch(/\[approve me\]\(/);
    expect(run.summary).not.toMatch(/@acme/);
    expect(run.summary).not.toMatch(/^> # /m);
    expect(run.summary).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(run.summary).toContain('Staging preview: https://staging.example.org/\\_x\\_\\[a\\]\\(https://evil.example/\\)');
  });
});
