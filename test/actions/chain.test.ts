import { execFile } from 'node:child_process';
import { readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { startCloudFrontServer } from '../servers/cloudfront-server.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';
import { buildTask, git, makeRemote, orchestrationRepo, pushEvent, remoteFile, remoteFiles, runAction } from './harness.js';

const execFileAsync = promisify(execFile);

describe('plan -> run -> record, each a bundled action in its own checkout, as the jobs run them', () => {
  it('builds a pushed hugo-build task with the real hugo and commits its result, which handoff verify passes on a fresh clone', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = buildTask('chain');
    const id = path.posix.basename(taskPath, '.md');
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('Add a build task');

    // plan job: checkout of the pushed commit.
    const planCheckout = await remote.clone('plan', { ref: range.after });
    const plan = await runAction('claim', { workspace: planCheckout.dir, event: pushEvent(range), runId: '777' });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const [task] = (JSON.parse(plan.outputs.matrix ?? '') as { task: Array<{ id: string; task_file: string }> }).task;
    expect(task?.id).toBe(id);

    // run job: a fresh checkout of the claim commit; run and record are two steps of that job.
    const runCheckout = await remote.clone('run', { ref: plan.outputs.commit ?? '' });
    const run = await runAction('run', { workspace: runCheckout.dir, inputs: { 'task-file': task?.task_file ?? '' }, runId: '777' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(run.outputs['result-path']).toMatch(new RegExp(`^results/\\d{4}-\\d{2}-\\d{2}/${id}\\.result\\.md$`));
    expect(run.summary).toMatch(/hugo-build staging: success/);

    const record = await runAction('record', {
      workspace: runCheckout.dir,
      inputs: { 'result-paths': run.outputs['result-path'] ?? '', 'task-file': task?.task_file ?? '', 'run-outcome': 'success' },
      runId: '777',
    });
    expect(record.code, record.stdout + record.stderr).toBe(0);
    expect(record.outputs.recorded).toBe('1');

    expect(await remoteFiles(remote.bare, 'tasks')).toContain(`tasks/completed/${id}.md`);
    expect(await remoteFiles(remote.bare, 'tasks/in-progress')).toEqual(['tasks/in-progress/.gitkeep']);
    const subject = await remote.clone('log').then((clone) => clone.git('log', '-1', '--format=%s'));
    expect(subject).toBe(`handoff: completed ${id} [skip ci]`);
    expect(await remoteFile(remote.bare, run.outputs['result-path'] ?? '')).toMatch(/run_url: https:\/\/github.com\/acme\/handoff-site\/actions\/runs\/777/);

    // The agent's side: a fresh clone, then `handoff verify <id>`.
    const fresh = await remote.clone('fresh');
    expect(await readlink(path.join(fresh.dir, 'results/latest/hugo-build-staging.result.md'))).toBe(`../${run.outputs['result-path']?.slice('results/'.length)}`);
    const verify = await execFileAsync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'verify', id], { cwd: fresh.dir });
    expect(verify.stdout).toMatch(/pass/i);
  });

  it('deploys a pushed hugo-deploy task to the local S3 server, invalidates the CloudFront stand-in, and commits a result verify passes', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const cloudfront = await startCloudFrontServer({ distributions: ['E2QWRUHAPOMQZL'] });
    onTestFinished(cloudfront.stop);
    const config = [
      'site_path: site',
      'environments:',
      '  staging:',
      '    base_url: https://staging.example.org/',
      `    bucket: ${s3.bucket}`,
      '    region: us-east-1',
      '    distribution_id: E2QWRUHAPOMQZL',
      '    role_arn: arn:aws:iam::123456789012:role/handoff-staging',
      '',
    ].join('\n');
    const remote = await makeRemote(orchestrationRepo(config));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const id = '2026-01-19-1600-hugo-deploy-chain';
    await agent.write({
      [`tasks/pending/${id}.md`]: [
        '---',
        `id: "${id}"`,
        'type: hugo-deploy',
        'environment: staging',
        'description: "Deploy the site to staging"',
        'created: "2026-01-19T16:00:00Z"',
        'params:',
        '  site_path: "site"',
        'expected_outputs: [deployment_success, uploaded_files, invalidation_id, http_status]',
        'success_criteria:',
        '  - deployment_success == true',
        '  - uploaded_files > 2',
        '  - invalidation_id != null',
        '  - http_status == 200',
        '---',
        '',
      ].join('\n'),
    });
    const range = await agent.commitAndPush('Deploy to staging');

    const planCheckout = await remote.clone('plan', { ref: range.after });
    const plan = await runAction('claim', { workspace: planCheckout.dir, event: pushEvent(range), runId: '888' });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const [task] = (JSON.parse(plan.outputs.matrix ?? '') as { task: Array<{ task_file: string; needs_aws: boolean; role_arn: string }> }).task;
    expect(task).toMatchObject({ needs_aws: true, role_arn: 'arn:aws:iam::123456789012:role/handoff-staging' });

    // What configure-aws-credentials exports on GitHub; here, the local server's keys.
    const aws = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };
    const runCheckout = await remote.clone('run', { ref: plan.outputs.commit ?? '' });
    const run = await runAction('run', {
      workspace: runCheckout.dir,
      inputs: {
        'task-file': task?.task_file ?? '',
        's3-endpoint': s3.endpoint,
        'cloudfront-endpoint': cloudfront.endpoint,
        'site-url': `${s3.directEndpoint}/${s3.bucket}/index.html`,
      },
      env: aws,
      runId: '888',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(s3.count('PutObject')).toBeGreaterThan(2);
    expect(cloudfront.invalidations).toHaveLength(1);

    const record = await runAction('record', {
      workspace: runCheckout.dir,
      inputs: { 'result-paths': run.outputs['result-path'] ?? '', 'task-file': task?.task_file ?? '', 'run-outcome': 'success' },
      runId: '888',
    });
    expect(record.code, record.stdout + record.stderr).toBe(0);

    const fresh = await remote.clone('fresh');
    const verify = await execFileAsync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'verify', id, '--json'], { cwd: fresh.dir });
    const verdict = JSON.parse(verify.stdout) as { ok: boolean; status: string };
    expect(verdict).toMatchObject({ ok: true, status: 'success' });
    expect(await remoteFiles(remote.bare, 'tasks/completed')).toContain(`tasks/completed/${id}.md`);
  });
});

describe('a site in another repository', () => {
  it('builds site_path inside the site checkout given as site-checkout, and leaves the result in the orchestration checkout', async ({ onTestFinished }) => {
    // The orchestration repository has no site; the site repository is checked out beside it.
    const files = orchestrationRepo();
    for (const file of Object.keys(files)) if (file.startsWith('site/')) delete files[file];
    const [taskPath, taskText] = buildTask('elsewhere');
    const claimed = taskPath.replace('tasks/pending/', 'tasks/in-progress/');
    const remote = await makeRemote({ ...files, [claimed]: taskText });
    onTestFinished(remote.remove);
    const site = await makeRemote(orchestrationRepo());
    onTestFinished(site.remove);
    const checkout = await remote.clone('run');
    await git(site.root, 'clone', '-q', site.bare, path.join(checkout.dir, '.handoff', 'site'));

    const run = await runAction('run', { workspace: checkout.dir, inputs: { 'task-file': claimed, 'site-checkout': '.handoff/site' } });

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(await readFile(path.join(checkout.dir, run.outputs['result-path'] ?? ''), 'utf8')).toMatch(/status: success/);
    expect(await readFile(path.join(checkout.dir, 'tasks/completed', path.posix.basename(claimed)), 'utf8')).toBe(taskText);
    // The site checkout is read-only as far as git goes: nothing in it was committed.
    expect(await git(path.join(checkout.dir, '.handoff', 'site'), 'log', '--format=%s')).toBe('initial');
  });
});
