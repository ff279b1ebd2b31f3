import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';
import { environmentsApi } from './github-api-server.js';
import { makeRemote, orchestrationRepo, productionDeployTask, runAction } from './harness.js';

function stagingDeployTask(): [string, string] {
  const id = '2026-01-19-1600-hugo-deploy-targets';
  return [`tasks/in-progress/${id}.md`, ['---', `id: "${id}"`, 'type: hugo-deploy', 'environment: staging', 'description: "Deploy"', 'created: "2026-01-19T16:00:00Z"', 'params:', '  site_path: "site"', '---', ''].join('\n')];
}

describe('deploy targets from the GitHub environment\'s variables (the run job, after approval)', () => {
  const aws = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };

  it('deploys to HANDOFF_BUCKET when handoff.yml names no bucket', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const [claimed, text] = stagingDeployTask();
    const remote = await makeRemote(orchestrationRepo(['site_path: site', 'environments:', '  staging:', '    base_url: https://staging.example.org/', ''].join('\n'), { [claimed]: text }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('run');
    const run = await runAction('run', {
      workspace: checkout.dir,
      inputs: { 'task-file': claimed, 's3-endpoint': s3.endpoint, 'site-url': `${s3.directEndpoint}/${s3.bucket}/index.html` },
      env: { ...aws, HANDOFF_BUCKET: s3.bucket, HANDOFF_REGION: 'us-east-1', HANDOFF_KEY_PREFIX: '' },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(s3.countByMethod('PUT')).toBeGreaterThan(2);
  });

  it('refuses, naming both values, when handoff.yml states another bucket or allow_unprotected; nothing sent', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const [claimed, text] = stagingDeployTask();
    const loosened = ['site_path: site', 'environments:', '  staging:', '    bucket: agents-own-bucket', '    allow_unprotected: true', ''].join('\n');
    const remote = await makeRemote(orchestrationRepo(loosened, { [claimed]: text }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('run');
    s3.resetCounts();
    const run = await runAction('run', {
      workspace: checkout.dir,
      inputs: { 'task-file': claimed, 's3-endpoint': s3.endpoint },
      env: { ...aws, HANDOFF_BUCKET: s3.bucket, HANDOFF_ALLOW_UNPROTECTED: 'false' },
    });
    expect(run.outputs.status).toBe('failed');
    const result = await readFile(path.join(checkout.dir, run.outputs['result-path'] ?? ''), 'utf8');
    expect(result).toContain(`environments.staging.bucket is \\"agents-own-bucket\\" in the repository's settings, but the GitHub environment's HANDOFF_BUCKET is \\"${s3.bucket}\\"`);
    expect(result).toContain(`environments.staging.allow_unprotected is true in the repository's settings, but the GitHub environment's HANDOFF_ALLOW_UNPROTECTED is false`);
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE') + s3.countByMethod('POST')).toBe(0);
  });

  it('deploys production when its environment\'s variables state the bucket and every target handoff.yml states', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const [pending, text] = productionDeployTask('variables');
    const claimed = pending.replace('tasks/pending/', 'tasks/in-progress/');
    const config = ['site_path: site', 'environments:', '  production:', '    base_url: https://www.example.org/', '    role_arn: arn:aws:iam::1:role/p', ''].join('\n');
    const remote = await makeRemote(orchestrationRepo(config, { [claimed]: text }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('run');
    const inputs = { 'task-file': claimed, 's3-endpoint': s3.endpoint, 'site-url': `${s3.directEndpoint}/${s3.bucket}/index.html` };
    const bucketOnly = await runAction('run', { workspace: checkout.dir, inputs, env: { ...aws, HANDOFF_BUCKET: s3.bucket } });
    expect(bucketOnly.outputs.status).toBe('failed');
    const refused = await readFile(path.join(checkout.dir, bucketOnly.outputs['result-path'] ?? ''), 'utf8');
    expect(refused).toContain(`environments.production.role_arn is \\"arn:aws:iam::1:role/p\\" in the repository's settings, but the GitHub environment has no HANDOFF_ROLE_ARN`);
    expect(s3.countByMethod('PUT')).toBe(0);

    const fresh = await remote.clone('run-again');
    const run = await runAction('run', { workspace: fresh.dir, inputs, env: { ...aws, HANDOFF_BUCKET: s3.bucket, HANDOFF_ROLE_ARN: 'arn:aws:iam::1:role/p' } });
    expect(run.outputs.status, run.stdout).toBe('success');
    expect(s3.countByMethod('PUT')).toBeGreaterThan(2);
  });

  describe('staging is gated when the environment the job runs in has required reviewers (the job asks the API itself)', () => {
    const stagingWithBucket = (bucket: string) => ['site_path: site', 'environments:', '  staging:', `    bucket: ${bucket}`, ''].join('\n');

    it.for([
      ['has required reviewers', 'refused', { staging: { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] } }],
      ['cannot be read (not knowing is not permission)', 'refused', undefined],
      ['has no required reviewers', 'deployed', { staging: { protection_rules: [] } }],
    ] as const)('when its environment %s, a staging deploy with no variables is %s', async ([, outcome, environments], { onTestFinished }) => {
      const s3 = await startS3Server();
      onTestFinished(s3.stop);
      const api = environments ? await environmentsApi(environments) : undefined;
      if (api) onTestFinished(api.stop);
      const [claimed, text] = stagingDeployTask();
      const remote = await makeRemote(orchestrationRepo(stagingWithBucket(s3.bucket), { [claimed]: text }));
      onTestFinished(remote.remove);
      const checkout = await remote.clone('run');
      s3.resetCounts();
      const run = await runAction('run', {
        workspace: checkout.dir,
        inputs: { 'task-file': claimed, 's3-endpoint': s3.endpoint, 'site-url': `${s3.directEndpoint}/${s3.bucket}/index.html`, 'github-environment': 'staging', 'github-token': 'job-token' },
        env: { ...aws, ...(api ? { GITHUB_API_URL: api.url } : {}) },
      });
      const result = await readFile(path.join(checkout.dir, run.outputs['result-path'] ?? ''), 'utf8');
      expect(run.outputs.status).toBe(outcome === 'refused' ? 'failed' : 'success');
      expect(result.includes('set HANDOFF_BUCKET and HANDOFF_ROLE_ARN on the GitHub environment \\"staging\\"')).toBe(outcome === 'refused');
      expect(s3.countByMethod('PUT') > 0).toBe(outcome === 'deployed');
      expect(api?.requests ?? []).toEqual(api ? ['GET /repos/acme/handoff-site/environments/staging Bearer job-token'] : []);
    });
  });
});
