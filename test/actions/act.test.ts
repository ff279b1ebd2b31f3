import { execFile } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load-config.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { startS3Server } from '../servers/s3-server.js';
import { git, makeRemote, orchestrationRepo, remoteFiles, runAction } from './harness.js';

const execFileAsync = promisify(execFile);
const HANDOFF = path.join(PROJECT_ROOT, 'bin', 'handoff.js');

/** examples/act/act.env as act reads it: KEY=value lines, # comments. */
async function actEnvFile(): Promise<Record<string, string>> {
  const text = await readFile(path.join(PROJECT_ROOT, 'examples', 'act', 'act.env'), 'utf8');
  return Object.fromEntries(text.split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

interface WorkflowStep {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

/** build-deploy is tasks.yml's; deploy is the reusable deploy.yml's (its claim commit comes in as inputs.commit). */
async function runJobSteps(job: 'deploy' | 'build-deploy'): Promise<WorkflowStep[]> {
  const file = job === 'deploy' ? 'deploy.yml' : 'tasks.yml';
  const workflow = parse(await readFile(path.join(PROJECT_ROOT, '.github/workflows', file), 'utf8')) as { jobs: Record<string, { steps: WorkflowStep[] }> };
  return workflow.jobs[job]?.steps ?? [];
}

describe('the documented act run: act\'s environment for the bundled actions', () => {
  it('the docs, the env file and handoff.yml agree on the bucket, and the minimum act version is stated', async () => {
    const env = await actEnvFile();
    const config = parseConfig(await readFile(path.join(PROJECT_ROOT, 'handoff.yml'), 'utf8'));
    if (!config.ok) throw new Error('handoff.yml does not parse');
    const bucket = config.config.environments?.dev?.bucket ?? '';
    expect(bucket).not.toBe('');
    expect(env.HANDOFF_SITE_URL).toContain(`/${bucket}/`);
    const docs = await readFile(path.join(PROJECT_ROOT, 'docs', 'github-setup.md'), 'utf8');
    expect(docs).toMatch(new RegExp(`s3rver-process\\.js .*/tmp/handoff-s3 ${bucket}$`, 'm'));
    expect(docs).toContain('npx handoff new hugo-deploy-dev');
    expect(docs).toMatch(/act\]\(https:\/\/github\.com\/nektos\/act\) \*\*0\.2\.81 or newer\*\*/);
    expect(env.GITHUB_REPOSITORY).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
  });

  it.each(['deploy', 'build-deploy'] as const)('under act a checkout with another ref is not local: the %s job copies the working copy and fetches the claim commit', async (job) => {
    const steps = await runJobSteps(job);
    const checkouts = steps.filter((step) => step.uses?.startsWith('actions/checkout@') && !step.with?.repository);
    const onGitHub = checkouts.filter((step) => step.if === '${{ !env.ACT }}');
    const underAct = checkouts.filter((step) => step.if === '${{ env.ACT }}');
    expect(onGitHub.map((step) => step.with?.ref)).toEqual([job === 'deploy' ? '${{ inputs.commit }}' : '${{ needs.claim.outputs.commit }}']);
    // act's rule (isLocalCheckout): local only when with.ref is absent or equals github.ref.
    expect(underAct).toHaveLength(1);
    expect(underAct[0]?.with?.ref).toBeUndefined();
    expect(steps.find((step) => step.name === 'Move to the claim commit (act)')?.if).toBe('${{ env.ACT }}');
  });

  it('claim -> run -> record with the env file, ACT=true and no OIDC, deploying to the local S3 server; act\'s raw path repository is accepted too', async ({ onTestFinished }) => {
    const actEnv = await actEnvFile();
    const projectConfig = parseConfig(await readFile(path.join(PROJECT_ROOT, 'handoff.yml'), 'utf8'));
    const bucket = (projectConfig.ok && projectConfig.config.environments?.dev?.bucket) || '';
    const s3 = await startS3Server({ bucket });
    onTestFinished(s3.stop);
    const config = ['site_path: site', 'environments:', '  dev:', '    base_url: http://localhost:1313/', `    bucket: ${bucket}`, '    region: us-east-1', ''].join('\n');
    const templates = Object.fromEntries(
      await Promise.all(['hugo-deploy-dev.md'].map(async (name) => [`templates/${name}`, await readFile(path.join(PROJECT_ROOT, 'templates', name), 'utf8')] as const)),
    );
    const remote = await makeRemote(orchestrationRepo(config, templates));
    onTestFinished(remote.remove);

    // Step 3 of the docs, in the clone act runs in (its origin is the bare remote).
    const agent = await remote.clone('handoff-act');
    const created = await execFileAsync(process.execPath, [HANDOFF, 'new', 'hugo-deploy-dev', '--description', 'Try it under act', '--json'], { cwd: agent.dir });
    const task = JSON.parse(created.stdout) as { id: string; path: string };
    await agent.git('config', 'user.name', 'Agent');
    await agent.git('config', 'user.email', 'agent@example.org');
    await execFileAsync(process.execPath, [HANDOFF, 'submit', task.path], { cwd: agent.dir });
    const event = JSON.parse((await execFileAsync(process.execPath, [path.join(PROJECT_ROOT, 'examples', 'act', 'push-event.mjs')], { cwd: agent.dir })).stdout) as { before: string; after: string };
    expect(event.after).toBe(await agent.git('rev-parse', 'HEAD'));

    // act's environment: the env file's variables (its endpoints moved from host.docker.internal to
    // this test's server), ACT=true, and no ACTIONS_ID_TOKEN_REQUEST_* (no OIDC).
    const env: Record<string, string> = {
      ...actEnv,
      ACT: 'true',
      HANDOFF_S3_ENDPOINT: s3.endpoint,
      HANDOFF_SITE_URL: (actEnv.HANDOFF_SITE_URL ?? '').replace('http://host.docker.internal:4568', s3.directEndpoint),
    };
    expect(Object.keys(env).some((key) => key.startsWith('ACTIONS_ID_TOKEN'))).toBe(false);

    // Without the env file act passes the remote's raw path: the claim job accepts it under act...
    const rawCopy = path.join(remote.root, 'raw-plan');
    await cp(agent.dir, rawCopy, { recursive: true });
    const rawPlan = await runAction('claim', { workspace: rawCopy, event, env: { ...env, GITHUB_REPOSITORY: remote.bare } });
    expect(rawPlan.code, rawPlan.stdout + rawPlan.stderr).toBe(0);
    expect(rawPlan.outputs.count).toBe('1');
    // ...and refuses it anywhere else, as before.
    const notAct = await runAction('claim', { workspace: rawCopy, event, env: { GITHUB_REPOSITORY: remote.bare } });
    expect(notAct.code).not.toBe(0);
    expect(notAct.stdout + notAct.stderr).toContain(`Invalid GITHUB_REPOSITORY '${remote.bare}'`);
    // The raw-path claim job claimed the task on the remote; a fresh working copy starts from there.
    await agent.git('pull', '-q', '--rebase');

    // A second task, for the run as documented: claim job, act's local checkout is a copy of the working copy.
    const requeue = await execFileAsync(process.execPath, [HANDOFF, 'new', 'hugo-deploy-dev', '--description', 'Second try under act', '--brief', 'again', '--json'], { cwd: agent.dir });
    const second = JSON.parse(requeue.stdout) as { id: string; path: string };
    await execFileAsync(process.execPath, [HANDOFF, 'submit', second.path], { cwd: agent.dir });
    const secondEvent = JSON.parse((await execFileAsync(process.execPath, [path.join(PROJECT_ROOT, 'examples', 'act', 'push-event.mjs')], { cwd: agent.dir })).stdout) as { before: string; after: string };
    const planDir = path.join(remote.root, 'act-plan');
    await cp(agent.dir, planDir, { recursive: true });
    const plan = await runAction('claim', { workspace: planDir, event: secondEvent, env });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const [matrixTask] = (JSON.parse(plan.outputs.matrix ?? '') as { task: Array<{ id: string; task_file: string }> }).task;
    expect(matrixTask?.id).toBe(second.id);

    // build-deploy and run jobs: "Check out the working copy (act)", then "Move to the claim commit (act)" as written in tasks.yml.
    const checkoutFor = async (job: 'deploy' | 'build-deploy') => {
      const dir = path.join(remote.root, `act-${job}`);
      await cp(agent.dir, dir, { recursive: true });
      const move = (await runJobSteps(job)).find((step) => step.name === 'Move to the claim commit (act)');
      await execFileAsync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', move?.run ?? 'false'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: remote.root, CLAIM_COMMIT: plan.outputs.commit ?? '' } });
      expect(await git(dir, 'rev-parse', 'HEAD')).toBe(plan.outputs.commit);
      return dir;
    };
    const buildDir = await checkoutFor('build-deploy');
    const build = await runAction('run', { workspace: buildDir, inputs: { 'task-file': matrixTask?.task_file ?? '', 'build-to': `.handoff/prebuilt/${second.id}` }, env });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.outputs['build-success']).toBe('true');
    const runDir = await checkoutFor('deploy');
    expect(await readFile(path.join(runDir, matrixTask?.task_file ?? ''), 'utf8')).toContain(second.id);
    // The artifact, as act's artifact server hands it over.
    await cp(path.join(buildDir, '.handoff/prebuilt', second.id), path.join(runDir, '.handoff/prebuilt'), { recursive: true });

    const run = await runAction('run', { workspace: runDir, inputs: { 'task-file': matrixTask?.task_file ?? '', prebuilt: '.handoff/prebuilt' }, env });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(s3.count('PutObject')).toBeGreaterThan(2);

    const record = await runAction('record', {
      workspace: runDir,
      inputs: { 'result-paths': run.outputs['result-path'] ?? '', 'task-file': matrixTask?.task_file ?? '', 'run-outcome': 'success', branch: 'main', 'github-token': '' },
      env,
    });
    expect(record.code, record.stdout + record.stderr).toBe(0);
    expect(await remoteFiles(remote.bare, 'tasks/completed')).toContain(`tasks/completed/${second.id}.md`);
    const result = await git(remote.bare, 'show', `main:${run.outputs['result-path']}`);
    expect(result).toContain(`run_url: https://github.com/${actEnv.GITHUB_REPOSITORY}/actions/runs/`);

    const fresh = await remote.clone('fresh');
    const verify = await execFileAsync(process.execPath, [HANDOFF, 'verify', second.id, '--json'], { cwd: fresh.dir });
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, status: 'success' });
  });
});
