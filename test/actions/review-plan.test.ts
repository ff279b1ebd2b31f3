import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';
import { environmentsApi } from './github-api-server.js';
import { makeRemote, orchestrationRepo, productionDeployTask, pushEvent, runAction } from './harness.js';

const PROTECTED = { production: { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] } };

describe('review plan: the exact production plan before approval, and the deploy compared with it', () => {
  it('plans against the live bucket without writing, shows it escaped with the commit, and the deploy says what changed since', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const client = new S3Client({ endpoint: s3.directEndpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS });
    onTestFinished(async () => client.destroy());
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'retired/index.html', Body: '<h1>old</h1>', ContentType: 'text/html' }));
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
      '    plan_role_arn: arn:aws:iam::123456789012:role/handoff-production-plan',
      '',
    ].join('\n');
    const remote = await makeRemote(orchestrationRepo(config));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = productionDeployTask('reviewed');
    await agent.write({ [taskPath]: taskText.replace('New pricing page; fixed footer links', '<script>alert(1)</script> **bold** [x](https://evil.example/)') });
    const range = await agent.commitAndPush('Deploy to production');
    const planCheckout = await remote.clone('plan', { ref: range.after });
    const plan = await runAction('claim', { workspace: planCheckout.dir, event: pushEvent(range), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs).toMatchObject({ review: 'true', 'plan-role-arn': 'arn:aws:iam::123456789012:role/handoff-production-plan', 'deploy-count': '1' });

    const aws = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };
    const reviewCheckout = await remote.clone('review', { ref: plan.outputs.commit ?? '' });
    s3.resetCounts();
    const review = await runAction('review-plan', { workspace: reviewCheckout.dir, inputs: { matrix: plan.outputs['deploy-matrix'] ?? '', 's3-endpoint': s3.endpoint }, env: aws });
    expect(review.code, review.stdout + review.stderr).toBe(0);
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE') + s3.countByMethod('POST')).toBe(0);
    const id = '2026-01-19-1500-hugo-deploy-reviewed';
    const plans = JSON.parse(review.outputs.plans ?? '{}') as Record<string, { commit: string; uploads: string[]; deletes: string[] }>;
    expect(plans[id]?.commit).toBe(plan.outputs.commit);
    expect(plans[id]?.uploads).toContain('index.html');
    expect(plans[id]?.deletes).toEqual(['retired/index.html']);
    const summary = review.summary;
    expect(summary).toMatch(new RegExp(`Commit to deploy: \\[\`${(plan.outputs.commit ?? '').slice(0, 12)}\`\\]\\(https://github.com/acme/handoff-site/commit/${plan.outputs.commit}\\)`));
    expect(summary).toMatch(/\| index\.html \| new \| \d+ \|/);
    expect(summary).toMatch(/^- retired\/index\.html$/m);
    expect(summary).toMatch(/\d+ uploads \(\d+ bytes\), 1 delete, 0 unchanged/);
    expect(summary).toMatch(/Staging preview: https:\/\/staging\.example\.org\//);
    expect(summary).not.toMatch(/<script>/);
    expect(summary).not.toMatch(/\[x\]\(https:\/\/evil/);
    expect(summary).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*\\*bold\\*\\*');

    // Between approval and deploy someone else changed the bucket.
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'stray.html', Body: 'stray', ContentType: 'text/html' }));
    const [task] = (JSON.parse(plan.outputs['deploy-matrix'] ?? '') as { task: Array<{ task_file: string; environment_config: string }> }).task;
    const runCheckout = await remote.clone('run', { ref: plan.outputs.commit ?? '' });
    const run = await runAction('run', {
      workspace: runCheckout.dir,
      inputs: {
        'task-file': task?.task_file ?? '',
        'environment-config': task?.environment_config ?? '',
        'handoff-config': config,
        'reviewed-plans': review.outputs.plans ?? '',
        'require-reviewed-plan': 'true',
        's3-endpoint': s3.endpoint,
        'site-url': `${s3.directEndpoint}/${s3.bucket}/index.html`,
      },
      env: aws,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = await readFile(path.join(runCheckout.dir, run.outputs['result-path'] ?? ''), 'utf8');
    expect(result).toMatch(/plan_matched: false/);
    expect(result).toMatch(/deletes not in the reviewed plan: stray\.html/);
    expect(result).toMatch(new RegExp(`source_commit: ${plan.outputs.commit}`));
    expect(result).toMatch(/tree_digest: sha256:/);
  });

  it('refuses a production deploy the review job did not plan: failed result, nothing sent', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const config = ['site_path: site', 'environments:', '  production:', `    bucket: ${s3.bucket}`, '    role_arn: arn:aws:iam::1:role/p', ''].join('\n');
    const [taskPath, taskText] = productionDeployTask('unplanned');
    const claimed = taskPath.replace('tasks/pending/', 'tasks/in-progress/');
    const remote = await makeRemote(orchestrationRepo(config, { [claimed]: taskText }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('run');
    s3.resetCounts();
    const run = await runAction('run', {
      workspace: checkout.dir,
      inputs: { 'task-file': claimed, 'reviewed-plans': '{}', 'require-reviewed-plan': 'true', 's3-endpoint': s3.endpoint },
      env: { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey },
    });
    expect(run.outputs.status).toBe('failed');
    expect(s3.requests).toHaveLength(0);
    const result = await readFile(path.join(checkout.dir, run.outputs['result-path'] ?? ''), 'utf8');
    expect(result).toMatch(/deploy refused, nothing deployed: no plan was reviewed before approval \(the review job planned no deploy named 2026-01-19-1500-hugo-deploy-unplanned\)/);
  });

  it('refuses to deploy a commit other than the one the reviewer saw: failed result, nothing sent', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const config = ['site_path: site', 'environments:', '  production:', `    bucket: ${s3.bucket}`, '    role_arn: arn:aws:iam::1:role/p', ''].join('\n');
    const [taskPath, taskText] = productionDeployTask('other-commit');
    const claimed = taskPath.replace('tasks/pending/', 'tasks/in-progress/');
    const remote = await makeRemote(orchestrationRepo(config, { [claimed]: taskText }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('run');
    const id = '2026-01-19-1500-hugo-deploy-other-commit';
    const reviewed = { [id]: { task_id: id, commit: 'c'.repeat(40), uploads: [], deletes: [], digest: 'x', complete: true } };
    s3.resetCounts();
    const run = await runAction('run', {
      workspace: checkout.dir,
      inputs: { 'task-file': claimed, 'handoff-config': config, 'reviewed-plans': JSON.stringify(reviewed), 'require-reviewed-plan': 'true', 's3-endpoint': s3.endpoint },
      env: { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey },
    });
    expect(run.outputs.status).toBe('failed');
    expect(s3.requests).toHaveLength(0);
    const result = await readFile(path.join(checkout.dir, run.outputs['result-path'] ?? ''), 'utf8');
    expect(result).toMatch(new RegExp(`deploy refused, nothing deployed: it built [0-9a-f]{40}, but the reviewer approved the plan of ${'c'.repeat(40)}`));
  });
});
