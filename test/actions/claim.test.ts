import { describe, expect, it } from 'vitest';
import {
  buildTask,
  DEFAULT_CONFIG,
  makeRemote,
  orchestrationRepo,
  productionDeployTask,
  pushEvent,
  remoteFile,
  remoteFiles,
  runAction,
} from './harness.js';
import { environmentsApi } from './github-api-server.js';

const MALFORMED = [
  '---',
  'id: "2026-01-19-1431-hugo-build-broken"',
  'type: hugo-build',
  'environment: stagin',
  'description: "A broken task"',
  'created: "2026-01-19T14:31:00Z"',
  'params:',
  '  site_path: "site"',
  '---',
  '',
].join('\n');

describe('plan action (bundled, run as the runner runs it)', () => {
  it('plans a push with two tasks, one malformed: a matrix of one, a failed result and an annotation for the other', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [goodPath, goodText] = buildTask('docs');
    await agent.write({ [goodPath]: goodText, 'tasks/pending/2026-01-19-1431-hugo-build-broken.md': MALFORMED });
    const range = await agent.commitAndPush('Add two tasks');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), runId: '4242' });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const matrix = JSON.parse(run.outputs.matrix ?? '') as { task: Array<Record<string, unknown>> };
    expect(matrix.task).toHaveLength(1);
    expect(matrix.task[0]).toMatchObject({
      id: '2026-01-19-1430-hugo-build-docs',
      task_file: 'tasks/in-progress/2026-01-19-1430-hugo-build-docs.md',
      environment: 'staging',
      needs_aws: false,
      role_arn: 'arn:aws:iam::123456789012:role/handoff-staging',
    });
    expect(run.outputs.count).toBe('1');
    expect(run.outputs.refused).toBe('1');
    // The annotation points at the environment line (4) and column of the bad value.
    expect(run.stdout).toMatch(/^::error title=Invalid task file,file=tasks\/pending\/2026-01-19-1431-hugo-build-broken\.md,line=4,col=14::environment: expected one of dev, staging, production; found "stagin" \(did you mean "staging"\?\)$/m);

    // On the remote: the good task claimed, the broken one failed with its result, in one commit.
    expect(await remoteFiles(remote.bare, 'tasks')).toEqual([
      'tasks/completed/.gitkeep',
      'tasks/failed/.gitkeep',
      'tasks/failed/2026-01-19-1431-hugo-build-broken.md',
      'tasks/in-progress/.gitkeep',
      'tasks/in-progress/2026-01-19-1430-hugo-build-docs.md',
      'tasks/pending/.gitkeep',
    ]);
    const results = await remoteFiles(remote.bare, 'results');
    const resultPath = results.find((file) => file.endsWith('2026-01-19-1431-hugo-build-broken.result.md'));
    expect(resultPath).toBeDefined();
    const result = await remoteFile(remote.bare, resultPath ?? '');
    expect(result).toMatch(/^status: failed$/m);
    expect(result).toMatch(/category: invalid-task/);
    expect(result).toMatch(/run_url: https:\/\/github.com\/acme\/handoff-site\/actions\/runs\/4242/);
    expect(run.outputs.commit).toBe(await remote.clone('check').then((clone) => clone.git('rev-parse', 'HEAD')));
    const log = await runner.git('--git-dir', remote.bare, 'log', '-1', '--format=%B', 'main');
    expect(log).toMatch(/^handoff: claim 1 task, fail 1 invalid task \[skip ci\]/);
    expect(log).toMatch(/^Handoff-Run: 4242$/m);
    expect(run.summary).toMatch(/## handoff claim: 1 to run, 1 refused, 0 skipped/);
  });

  it('lets exactly one of two plans claim the same task', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = buildTask('race');
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('Add a task');
    const first = await remote.clone('runner-a', { ref: range.after });
    const second = await remote.clone('runner-b', { ref: range.after });

    const runs = await Promise.all([
      runAction('claim', { workspace: first.dir, event: pushEvent(range), runId: '1' }),
      runAction('claim', { workspace: second.dir, event: pushEvent(range), runId: '2' }),
    ]);

    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const counts = runs.map((run) => Number(run.outputs.count)).sort();
    expect(counts).toEqual([0, 1]);
    const loser = runs.find((run) => run.outputs.count === '0');
    expect(loser?.summary).toMatch(/another run claimed it first/);
    expect(await remoteFiles(remote.bare, 'tasks/in-progress')).toEqual(['tasks/in-progress/.gitkeep', `tasks/in-progress/2026-01-19-1430-hugo-build-race.md`]);
    expect(await remoteFiles(remote.bare, 'tasks/pending')).toEqual(['tasks/pending/.gitkeep']);
  });

  it('rejects a production deploy without the typed confirmation before any approval is asked', async ({ onTestFinished }) => {
    const api = await environmentsApi({ production: { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] } });
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = productionDeployTask('pricing', { confirmation: false });
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('Deploy pricing');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), inputs: { 'github-token': 'test-token' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.outputs.matrix ?? '')).toEqual({ task: [] });
    expect(run.outputs.production).toBe('false');
    expect(run.stdout).toMatch(/::error title=Invalid task file,file=tasks\/pending\/2026-01-19-1500-hugo-deploy-pricing\.md.*confirmation: expected exactly "DEPLOY TO PRODUCTION"/);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain('tasks/failed/2026-01-19-1500-hugo-deploy-pricing.md');
    // Refused on the file alone: the protection rules were not even asked for.
    expect(api.requests).toEqual([]);
  });

  it('fails a production deploy closed when the production environment has no required reviewers', async ({ onTestFinished }) => {
    const api = await environmentsApi({ production: { protection_rules: [{ type: 'branch_policy' }] } });
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = productionDeployTask('pricing');
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('Deploy pricing');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), inputs: { 'github-token': 'test-token' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('0');
    expect(api.requests).toEqual(['GET /repos/acme/handoff-site/environments/production Bearer test-token']);
    expect(run.stdout).toMatch(/::error title=Production is not protected,file=tasks\/pending\/2026-01-19-1500-hugo-deploy-pricing\.md,line=4,col=1::production deploy refused: the GitHub environment "production" has no required reviewers/);
    const results = await remoteFiles(remote.bare, 'results');
    const result = await remoteFile(remote.bare, results.find((file) => file.includes('hugo-deploy-pricing')) ?? '');
    expect(result).toMatch(/action: escalate/);
    expect(result).toMatch(/allow_unprotected: true/);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain('tasks/failed/2026-01-19-1500-hugo-deploy-pricing.md');
  });

  it('lets an unprotected production through only when handoff.yml allows it, with the warning in the summary', async ({ onTestFinished }) => {
    const api = await environmentsApi({});
    onTestFinished(api.stop);
    const config = DEFAULT_CONFIG + '    allow_unprotected: true\n';
    const remote = await makeRemote(orchestrationRepo(config));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = productionDeployTask('pricing');
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('Deploy pricing');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), inputs: { 'github-token': 'test-token' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('1');
    expect(run.outputs.production).toBe('true');
    expect(run.summary).toMatch(/PRODUCTION DEPLOYMENT WARNING/);
    expect(run.summary).toMatch(/New pricing page; fixed footer links/);
    expect(run.summary).toMatch(/Staging preview: https:\/\/staging.example.org\//);
    expect(run.summary).toMatch(/This will update the customer-facing site at https:\/\/www.example.org\//);
    expect(run.summary).toMatch(/Planned uploads and deletes: not known before approval/);
    expect(run.summary).toMatch(/No required reviewers/);
  });

  it('finds the pushed tasks of a force push and of a new branch', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo(DEFAULT_CONFIG));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [firstPath, firstText] = buildTask('first', { minute: 10 });
    await agent.write({ [firstPath]: firstText });
    const pushed = await agent.commitAndPush('First task');
    // Rewrite history: the first task's commit is replaced by one with another task.
    await agent.git('reset', '-q', '--hard', pushed.before);
    const [secondPath, secondText] = buildTask('second', { minute: 20 });
    await agent.write({ [secondPath]: secondText });
    await agent.git('add', '-A');
    await agent.git('commit', '-qm', 'Second task instead');
    await agent.git('push', '-q', '--force', 'origin', 'HEAD:main');
    const after = await agent.git('rev-parse', 'HEAD');
    const runner = await remote.clone('runner', { ref: after });

    const run = await runAction('claim', {
      workspace: runner.dir,
      event: pushEvent({ before: pushed.after, after }, { forced: true }),
      inputs: { 'include-waiting': 'false' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.outputs.matrix ?? '') as { task: Array<{ id: string }> }).task.map((task) => task.id)).toEqual(['2026-01-19-1420-hugo-build-second']);

    const [branchPath, branchText] = buildTask('branch', { minute: 40 });
    await agent.write({ [branchPath]: branchText });
    await agent.git('add', '-A');
    await agent.git('commit', '-qm', 'Task on a new branch');
    await agent.git('push', '-q', 'origin', 'HEAD:refs/heads/feature');
    const branchHead = await agent.git('rev-parse', 'HEAD');
    const branchRunner = await remote.clone('branch-runner', { ref: branchHead });
    const branchRun = await runAction('claim', {
      workspace: branchRunner.dir,
      event: pushEvent({ before: '0'.repeat(40), after: branchHead }, { branch: 'feature', created: true }),
      env: { GITHUB_REF: 'refs/heads/feature', GITHUB_REF_NAME: 'feature' },
      inputs: { 'include-waiting': 'false' },
    });
    expect(branchRun.code, branchRun.stderr).toBe(0);
    // Compared with where it left main: the task pending on main since then is main's to run.
    expect((JSON.parse(branchRun.outputs.matrix ?? '') as { task: Array<{ id: string }> }).task.map((task) => task.id)).toEqual([
      '2026-01-19-1440-hugo-build-branch',
    ]);

    // Without the default branch in the event there is no fork point: every pending task counts.
    const [otherPath, otherText] = buildTask('other', { minute: 50 });
    await agent.write({ [otherPath]: otherText });
    await agent.git('add', '-A');
    await agent.git('commit', '-qm', 'Task on another new branch');
    await agent.git('push', '-q', 'origin', 'HEAD:refs/heads/other');
    const otherHead = await agent.git('rev-parse', 'HEAD');
    const otherRunner = await remote.clone('other-runner', { ref: otherHead });
    const event = pushEvent({ before: '0'.repeat(40), after: otherHead }, { branch: 'other', created: true }) as { repository: Record<string, unknown> };
    delete event.repository.default_branch;
    const otherRun = await runAction('claim', { workspace: otherRunner.dir, event, inputs: { 'include-waiting': 'false' } });
    expect(otherRun.code, otherRun.stderr).toBe(0);
    expect(otherRun.summary).toMatch(/Every pending task was considered: the push created the branch/);
    expect(Number(otherRun.outputs.count)).toBe(3);
  });

  it('plans nothing on a branch handoff.yml does not list', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo(DEFAULT_CONFIG + 'workflow:\n  branches: [release/*]\n'));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = buildTask('ignored');
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('A task on main');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range) });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('0');
    expect(run.summary).toMatch(/Branch `main` is not in workflow.branches/);
    expect(await remoteFiles(remote.bare, 'tasks/pending')).toContain(taskPath);
  });
});
