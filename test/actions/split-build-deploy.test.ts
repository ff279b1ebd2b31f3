import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-site.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';
import { environmentsApi } from './github-api-server.js';
import { makeRemote, orchestrationRepo, productionDeployTask, pushEvent, runAction, SITE } from './harness.js';

const PROTECTED = { production: { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] } };

/** A PATH with git and nothing else: a job given it cannot start hugo, so it demonstrably runs none. */
async function pathWithoutHugo(onTestFinished: (fn: () => Promise<void>) => void): Promise<string> {
  const dir = await makeTempDir('no-hugo-path');
  onTestFinished(dir.remove);
  await symlink(execFileSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), path.join(dir.path, 'git'));
  return dir.path;
}

async function productionSetup(onTestFinished: (fn: () => Promise<void>) => void) {
  const s3 = await startS3Server();
  onTestFinished(s3.stop);
  const api = await environmentsApi(PROTECTED);
  onTestFinished(api.stop);
  const config = [
    'site_path: site',
    'environments:',
    '  production:',
    '    base_url: https://www.example.org/',
    `    bucket: ${s3.bucket}`,
    '    region: us-east-1',
    '    role_arn: arn:aws:iam::123456789012:role/handoff-production',
    '',
  ].join('\n');
  // A hugo deploy user's matcher: read by the build job, carried in its build.json to the review and deploy jobs, which have no hugo.
  const siteConfig = `${SITE['site/hugo.toml']}\n[[deployment.matchers]]\npattern = "\\\\.html$"\ncacheControl = "public, max-age=30"\n`;
  const remote = await makeRemote(orchestrationRepo(config, { 'site/hugo.toml': siteConfig }));
  onTestFinished(remote.remove);
  const agent = await remote.clone('agent');
  const [taskPath, taskText] = productionDeployTask('split');
  await agent.write({ [taskPath]: taskText });
  const range = await agent.commitAndPush('Deploy to production');
  const planCheckout = await remote.clone('plan', { ref: range.after });
  const plan = await runAction('claim', { workspace: planCheckout.dir, event: pushEvent(range), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  const [task] = (JSON.parse(plan.outputs['deploy-matrix'] ?? '') as { task: Array<{ id: string; task_file: string; environment_config: string }> }).task;

  // build job: the claim commit, no AWS variables, hugo on PATH; its folder is the artifact.
  const buildCheckout = await remote.clone('build', { ref: plan.outputs.commit ?? '' });
  const build = await runAction('run', { workspace: buildCheckout.dir, inputs: { 'task-file': task?.task_file ?? '', 'build-to': `.handoff/prebuilt/${task?.id}`, 'environment-config': task?.environment_config ?? '' } });
  expect(build.code, build.stdout + build.stderr).toBe(0);
  expect(build.outputs['build-success']).toBe('true');
  expect(build.outputs['tree-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
  const artifact = path.join(buildCheckout.dir, '.handoff/prebuilt');
  // The build job claimed nothing and recorded nothing: the task is still in progress there.
  expect(await readFile(path.join(buildCheckout.dir, task?.task_file ?? ''), 'utf8')).toBe(taskText);
  return { s3, remote, plan, task: task!, build, artifact, config };
}

describe('build job and deploy job apart: hugo runs without credentials, the deploy runs no site code', () => {
  it('builds in a job with no AWS variables, reviews and deploys the downloaded tree with no hugo on PATH, and records the digest the reviewer saw', async ({ onTestFinished }) => {
    const { s3, remote, plan, task, build, artifact, config } = await productionSetup(onTestFinished);
    const noHugo = await pathWithoutHugo(onTestFinished);
    const aws = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', PATH: noHugo };

    const reviewCheckout = await remote.clone('review', { ref: plan.outputs.commit ?? '' });
    await cp(path.join(artifact, task.id), path.join(reviewCheckout.dir, '.handoff/artifacts', `handoff-build-${task.id}`), { recursive: true });
    s3.resetCounts();
    const review = await runAction('review-plan', { workspace: reviewCheckout.dir, inputs: { matrix: plan.outputs['deploy-matrix'] ?? '', 'prebuilt-root': '.handoff/artifacts', 's3-endpoint': s3.endpoint }, env: aws });
    expect(review.code, review.stdout + review.stderr).toBe(0);
    expect(s3.countByMethod('PUT')).toBe(0);
    const plans = JSON.parse(review.outputs.plans ?? '{}') as Record<string, { tree_digest?: string; uploads: string[] }>;
    expect(plans[task.id]?.tree_digest).toBe(build.outputs['tree-digest']);
    expect(plans[task.id]?.uploads).toContain('index.html');
    expect(review.summary).toContain("| index.html | new | ");
    expect(review.summary).toContain("Cache-Control: public, max-age=30 ← site/hugo.toml:5 deployment.matchers\\[0\\] '\\\\.html$'");

    const runCheckout = await remote.clone('run', { ref: plan.outputs.commit ?? '' });
    await cp(path.join(artifact, task.id), path.join(runCheckout.dir, '.handoff/artifact'), { recursive: true });
    const run = await runAction('run', {
      workspace: runCheckout.dir,
      inputs: {
        'task-file': task.task_file,
        prebuilt: '.handoff/artifact',
        'environment-config': task.environment_config,
        // The deploy job reads vars.HANDOFF_CONFIG itself: production's targets from outside the repository.
        'handoff-config': config,
        'reviewed-plans': review.outputs.plans ?? '',
        'require-reviewed-plan': 'true',
        's3-endpoint': s3.endpoint,
        'site-url': `${s3.directEndpoint}/${s3.bucket}/index.html`,
      },
      env: aws,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('success');
    const result = await readFile(path.join(runCheckout.dir, run.outputs['result-path'] ?? ''), 'utf8');
    expect(result).toContain(`tree_digest: ${build.outputs['tree-digest']}`);
    expect(result).toMatch(/plan_matched: true/);
    expect(result).toMatch(new RegExp(`source_commit: ${plan.outputs.commit}`));
    expect(s3.countByMethod('PUT')).toBeGreaterThan(2);
    const page = await fetch(`${s3.directEndpoint}/${s3.bucket}/index.html`, { method: 'HEAD' });
    expect(page.headers.get('cache-control')).toBe('public, max-age=30');
  });

  it('refuses a tree changed after the build (nothing sent), and a deploy whose build never arrived', async ({ onTestFinished }) => {
    const { s3, remote, plan, task, artifact, config } = await productionSetup(onTestFinished);
    const noHugo = await pathWithoutHugo(onTestFinished);
    const aws = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', PATH: noHugo };
    const inputs = { 'task-file': task.task_file, 'environment-config': task.environment_config, 'handoff-config': config, 's3-endpoint': s3.endpoint };

    const tampered = await remote.clone('tampered', { ref: plan.outputs.commit ?? '' });
    await cp(path.join(artifact, task.id), path.join(tampered.dir, '.handoff/artifact'), { recursive: true });
    await writeFile(path.join(tampered.dir, '.handoff/artifact/site/index.html'), '<script>steal()</script>');
    s3.resetCounts();
    const run = await runAction('run', { workspace: tampered.dir, inputs: { ...inputs, prebuilt: '.handoff/artifact' }, env: aws });
    expect(run.outputs.status).toBe('failed');
    const result = await readFile(path.join(tampered.dir, run.outputs['result-path'] ?? ''), 'utf8');
    expect(result).toMatch(/deploy refused, nothing deployed: the tree to deploy has digest sha256:[0-9a-f]+, but the build recorded sha256:/);
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE') + s3.countByMethod('POST')).toBe(0);

    const missing = await remote.clone('missing', { ref: plan.outputs.commit ?? '' });
    await mkdir(path.join(missing.dir, '.handoff/artifact'), { recursive: true });
    const unbuilt = await runAction('run', { workspace: missing.dir, inputs: { ...inputs, prebuilt: '.handoff/artifact' }, env: aws });
    expect(unbuilt.outputs.status).toBe('failed');
    expect(await readFile(path.join(missing.dir, unbuilt.outputs['result-path'] ?? ''), 'utf8')).toMatch(/deploy refused, nothing deployed: no build to deploy in/);
  });
});
