import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCloudFrontServer } from '../servers/cloudfront-server.js';
import { startAccessDeniedProxy } from '../servers/fault-proxy.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';
import { makeTempRepo, MINIMAL_SITE, type TempRepo } from '../helpers/temp-repo.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONFIG = (dev: string) => `site_path: site\nenvironments:\n  dev:\n    base_url: http://localhost:1313/\n${dev}`;

async function repoWithConfig(dev: string): Promise<TempRepo> {
  const repo = await makeTempRepo({ ...MINIMAL_SITE, 'handoff.yml': CONFIG(dev) });
  cleanups.push(() => repo.remove());
  return repo;
}

async function newDeployTask(repo: TempRepo, brief: string, edit?: (text: string) => string): Promise<string> {
  const created = await repo.handoff(['new', 'hugo-deploy-dev', '--description', 'Deploy the test site', '--brief', brief, '--json']);
  expect(created.code, created.stderr + created.stdout).toBe(0);
  const taskPath: string = created.json().path;
  if (edit) await repo.write({ [taskPath]: edit(await repo.read(taskPath)) });
  return taskPath;
}

const awsEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_PROFILE: '',
  ...extra,
});

describe('handoff run of hugo-deploy tasks', () => {
  it('--local-s3: deploys to a server it starts on 127.0.0.1, checks the site, and redeploys incrementally', async () => {
    const repo = await repoWithConfig('    bucket: test-site\n');
    const first = await repo.handoff(['run', '--local-s3', await newDeployTask(repo, 'first'), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const output = first.json();
    expect(output.summary).toMatch(/^uploaded \d+, skipped 0, deleted 0 \(100% changed\)/);
    const result = await repo.read(output.result_path);
    expect(result).toContain('http_status: 200');
    expect(result).toContain('content_type: text/html; charset=utf-8');
    expect(result).toContain('invalidation_status: skipped');
    expect(result).toMatch(/url: http:\/\/127\.0\.0\.1:\d+\//);

    const again = await repo.handoff(['run', '--local-s3', await newDeployTask(repo, 'again'), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json().summary).toMatch(/^uploaded 0, skipped \d+, deleted 0/);
  });

  it('deploys through the real SDK, invalidates on the CloudFront stand-in, and --dry-run changes nothing', async () => {
    const s3 = await startS3Server({ bucket: 'site-bucket' });
    cleanups.push(() => s3.stop());
    const cloudfront = await startCloudFrontServer({ distributions: ['EDEV123'] });
    cleanups.push(() => cloudfront.stop());
    const repo = await repoWithConfig('    bucket: site-bucket\n    key_prefix: www\n    distribution_id: EDEV123\n');
    const env = awsEnv({ HANDOFF_S3_ENDPOINT: s3.endpoint, HANDOFF_CLOUDFRONT_ENDPOINT: cloudfront.endpoint, HANDOFF_SITE_URL: `${s3.directEndpoint}/site-bucket/www/index.html` });

    const dry = await repo.handoff(['run', '--dry-run', await newDeployTask(repo, 'dry'), '--json'], { env });
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.json().summary).toMatch(/^dry run: would upload \d+/);
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE')).toBe(0);
    expect(cloudfront.invalidations).toHaveLength(0);
    expect(await repo.read(dry.json().result_path)).toMatch(/would upload www\/index\.html \(new\)/);

    const real = await repo.handoff(['run', await newDeployTask(repo, 'real'), '--json'], { env });
    expect(real.code, real.stderr).toBe(0);
    const result = await repo.read(real.json().result_path);
    expect(result).toMatch(/invalidation_id: \S+/);
    expect(result).toContain('invalidation_status: created');
    expect(cloudfront.invalidations).toHaveLength(1);
    expect(s3.count('PutObject')).toBeGreaterThan(3);
  });

  it('AccessDenied from S3: a failed result classified aws-credentials, escalate', async () => {
    const denied = await startAccessDeniedProxy();
    cleanups.push(() => denied.stop());
    const repo = await repoWithConfig('    bucket: site-bucket\n');
    const run = await repo.handoff(['run', await newDeployTask(repo, 'denied'), '--json'], { env: awsEnv({ HANDOFF_S3_ENDPOINT: denied.endpoint }) });
    expect(run.code).toBe(1);
    expect(run.json().error).toMatchObject({ category: 'aws-credentials', action: 'escalate' });
    expect(run.json().error.message).toMatch(/AccessDenied|Access Denied/);
  });

  it('an unreachable endpoint and a missing bucket setting fail with clear, classified errors', async () => {
    const repo = await repoWithConfig('    bucket: site-bucket\n');
    const unreachable = await repo.handoff(['run', await newDeployTask(repo, 'unreachable'), '--json'], {
      env: awsEnv({ HANDOFF_S3_ENDPOINT: 'http://127.0.0.1:9' }),
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.json().error.action).toBe('escalate');
    expect(unreachable.json().error.message).toMatch(/ECONNREFUSED|connect/);

    const bare = await repoWithConfig('');
    const noBucket = await bare.handoff(['run', await newDeployTask(bare, 'nobucket'), '--json'], { env: awsEnv() });
    expect(noBucket.code).toBe(1);
    expect(noBucket.json().error).toMatchObject({ action: 'escalate', message: expect.stringContaining('environments.dev.bucket') });
    expect(path.basename(noBucket.json().task_file)).toMatch(/nobucket\.md$/);
  });

  it('runs a cloudfront-invalidate task, retrying TooManyInvalidationsInProgress, and reports NoSuchDistribution', async () => {
    const cloudfront = await startCloudFrontServer({ distributions: ['EDEV123'] });
    cleanups.push(() => cloudfront.stop());
    cloudfront.failNextCreates('TooManyInvalidationsInProgress', 1);
    const repo = await repoWithConfig('    distribution_id: EDEV123\n');
    const env = awsEnv({ HANDOFF_CLOUDFRONT_ENDPOINT: cloudfront.endpoint });
    const created = await repo.handoff(['new', 'cloudfront-invalidate', '--env', 'dev', '--description', 'Flush the blog', '--set', 'path=/blog/*', '--json']);
    expect(created.code, created.stderr + created.stdout).toBe(0);
    const run = await repo.handoff(['run', created.json().path, '--json'], { env });
    expect(run.code, run.stdout).toBe(0);
    expect(cloudfront.invalidations).toHaveLength(1);
    expect(cloudfront.invalidations[0]?.paths).toEqual(['/blog/*']);
    expect(run.json().criteria[0]).toMatchObject({ expression: 'invalidation_id != null', pass: true });

    await repo.write({ 'handoff.yml': CONFIG('    distribution_id: ENOSUCH\n') });
    const again = await repo.handoff(['new', 'cloudfront-invalidate', '--env', 'dev', '--brief', 'again', '--description', 'x', '--set', 'path=/', '--json']);
    const missing = await repo.handoff(['run', again.json().path, '--json'], { env });
    expect(missing.code).toBe(1);
    expect(missing.json().error).toMatchObject({ category: 'cloudfront-config', action: 'escalate' });
  });
});
