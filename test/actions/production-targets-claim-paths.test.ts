import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';
import { buildTask, DEFAULT_CONFIG, makeRemote, orchestrationRepo, productionDeployTask, pushEvent, runAction, type Clone, type Remote } from './harness.js';

/*
 * Production's targets come from outside the repository however the task was claimed. The agent
 * first loosens handoff.yml in a push without tasks (allowed: no production task rides with it),
 * so every later plan reads the loosened file as "the branch before the push". Each way a task
 * is then claimed gives the deploy job that loosened environment_config; the deploy job refuses
 * it: with no environment variables (naming the variables to set), and with variables that
 * disagree (naming both values). Nothing reaches S3.
 */

const LOOSENED = DEFAULT_CONFIG + '    bucket: attacker-bucket\n    allow_unprotected: true\n';

interface MatrixTask {
  /** The plan's claim commit (the run job checks it out). */
  commit: string;
  id: string;
  task_file: string;
  environment: string;
  environment_config: string;
}

function productionTask(brief: string, minute: number): [string, string] {
  const [taskPath, text] = productionDeployTask(brief);
  const id = `2026-01-19-15${String(minute).padStart(2, '0')}-hugo-deploy-${brief}`;
  return [taskPath.replace(/2026-01-19-1500-hugo-deploy-[^/]+\.md$/, `${id}.md`), text.replace(/2026-01-19-1500-hugo-deploy-[a-z-]+/, id)];
}

describe('production targets from outside the repository, for every way a task is claimed', () => {
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  let remote: Remote;
  let agent: Clone;
  let clones = 0;
  const aws = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };

  beforeAll(async () => {
    s3 = await startS3Server();
    remote = await makeRemote(orchestrationRepo());
    agent = await remote.clone('agent');
    await agent.write({ 'handoff.yml': LOOSENED });
    await agent.commitAndPush('Loosen handoff.yml (no task in this push)');
  });
  afterAll(async () => {
    await remote.remove();
    await s3.stop();
  });

  async function plan(options: { eventName: string; event?: unknown; inputs?: Record<string, string> }): Promise<MatrixTask[]> {
    const head = (await agent.git('rev-parse', 'HEAD')).trim();
    const runner = await remote.clone(`plan-${clones++}`, { ref: head });
    const run = await runAction('claim', { workspace: runner.dir, eventName: options.eventName, event: options.event, inputs: { 'include-waiting': 'true', ...options.inputs } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const tasks = (JSON.parse(run.outputs['deploy-matrix'] ?? '{"task":[]}') as { task: MatrixTask[] }).task;
    return tasks.map((task) => ({ ...task, commit: run.outputs.commit ?? '' }));
  }

  async function pushTasks(message: string, ...tasks: Array<[string, string]>) {
    await agent.git('pull', '-q', '--rebase', 'origin', 'main');
    await agent.write(Object.fromEntries(tasks));
    return agent.commitAndPush(message);
  }

  /** The deploy job of one claimed task: a fresh checkout of the claim commit, the plan's environment_config, the environment's variables as given. */
  async function deploy(task: MatrixTask, variables: Record<string, string>, env: Record<string, string> = {}): Promise<string> {
    const checkout = await remote.clone(`deploy-${clones++}`, { ref: task.commit });
    s3.resetCounts();
    const run = await runAction('run', {
      workspace: checkout.dir,
      inputs: { 'task-file': task.task_file, 'environment-config': task.environment_config, 's3-endpoint': s3.endpoint, 'github-environment': 'production' },
      env: { ...aws, ...variables, ...env },
    });
    expect(run.outputs.status).toBe('failed');
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE') + s3.countByMethod('POST') + s3.countByMethod('GET')).toBe(0);
    return readFile(path.join(checkout.dir, run.outputs['result-path'] ?? ''), 'utf8');
  }

  async function expectRefused(task: MatrixTask | undefined, env: Record<string, string> = {}) {
    expect(task?.environment).toBe('production');
    expect(JSON.parse(task?.environment_config ?? '{}')).toMatchObject({ bucket: 'attacker-bucket', allow_unprotected: true });
    const bare = await deploy(task!, {}, env);
    expect(bare).toMatch(/neither the GitHub environment \\"production\\"'s variables nor the repository variable HANDOFF_CONFIG state its bucket/);
    expect(bare).toMatch(/set HANDOFF_BUCKET and HANDOFF_ROLE_ARN on the GitHub environment \\"production\\"/);
    const variables = { HANDOFF_BUCKET: s3.bucket, HANDOFF_ROLE_ARN: 'arn:aws:iam::123456789012:role/handoff-production', HANDOFF_REGION: 'eu-west-1', HANDOFF_ALLOW_UNPROTECTED: 'false' };
    const disagreeing = await deploy(task!, variables, env);
    expect(disagreeing).toContain(`environments.production.bucket is \\"attacker-bucket\\" in the repository's settings, but the GitHub environment's HANDOFF_BUCKET is \\"${s3.bucket}\\"`);
    expect(disagreeing).toContain(`environments.production.allow_unprotected is true in the repository's settings, but the GitHub environment's HANDOFF_ALLOW_UNPROTECTED is false`);
  }

  let carried: MatrixTask | undefined;

  it('the push that carries it', async () => {
    const task = productionTask('carried', 1);
    const range = await pushTasks('Deploy (carried)', task);
    const matrix = await plan({ eventName: 'push', event: pushEvent(range), inputs: { 'include-waiting': 'false' } });
    carried = matrix.find((entry) => entry.id.endsWith('-carried'));
    await expectRefused(carried);
  });

  it('a later push (the task waited in tasks/pending/)', async () => {
    await pushTasks('Deploy (waiting)', productionTask('waiting', 2));
    const range = await pushTasks('A later push', buildTask('later'));
    const matrix = await plan({ eventName: 'push', event: pushEvent(range) });
    await expectRefused(matrix.find((entry) => entry.id.endsWith('-waiting')));
  });

  it('a deferred task (past max-tasks), claimed by the next run', async () => {
    await pushTasks('Deploy two', productionTask('first', 3), productionTask('deferred', 4));
    const first = await plan({ eventName: 'workflow_dispatch', inputs: { 'max-tasks': '1' } });
    expect(first.map((entry) => entry.id)).toEqual([expect.stringMatching(/-first$/)]);
    await agent.git('pull', '-q', '--rebase', 'origin', 'main');
    const next = await plan({ eventName: 'workflow_dispatch' });
    await expectRefused(next.find((entry) => entry.id.endsWith('-deferred')));
  });

  it('the scheduled run', async () => {
    await pushTasks('Deploy (scheduled)', productionTask('scheduled', 5));
    // The push's own run never came (cancelled, or past the paths filter): the schedule claims it.
    const matrix = await plan({ eventName: 'schedule' });
    await expectRefused(matrix.find((entry) => entry.id.endsWith('-scheduled')));
  });

  it('a re-run of the deploy job (run attempt 2, a fresh checkout of the same claim)', async () => {
    expect(carried).toBeDefined();
    await expectRefused(carried, { GITHUB_RUN_ATTEMPT: '2' });
  });
});
