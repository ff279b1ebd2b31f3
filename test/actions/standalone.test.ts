import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';
import { startCloudFrontServer } from '../servers/cloudfront-server.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';
import { runAction, SITE } from './harness.js';

describe('hugo-build action, usable from any workflow', () => {
  it('builds a site and reports it in its outputs', async ({ onTestFinished }) => {
    const workspace = await makeTempDir('handoff-hugo-action');
    onTestFinished(workspace.remove);
    await writeTree(workspace.path, SITE);

    const run = await runAction('hugo-build', { workspace: workspace.path, inputs: { 'site-path': 'site', 'base-url': 'https://preview.example.org/', minify: 'true' } });

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['build-success']).toBe('true');
    expect(Number(run.outputs['file-count'])).toBeGreaterThan(2);
    expect(run.outputs['output-dir']).toBe(path.join('site', 'public'));
    expect(JSON.parse(run.outputs.errors ?? '')).toEqual([]);
    expect(run.outputs['hugo-version']).toMatch(/^\d+\.\d+/);
  });

  it('annotates a template error on the file and line hugo blamed, and fails the step', async ({ onTestFinished }) => {
    const workspace = await makeTempDir('handoff-hugo-action');
    onTestFinished(workspace.remove);
    await writeTree(workspace.path, { ...SITE, 'site/layouts/_default/single.html': '<h1>{{ .Title }}</h1>\n{{ .Content }\n' });

    const run = await runAction('hugo-build', { workspace: workspace.path, inputs: { 'site-path': 'site' } });

    expect(run.code).toBe(1);
    expect(run.outputs['build-success']).toBe('false');
    expect(run.outputs['error-category']).toBe('markdown-or-template-syntax');
    expect(run.stdout).toMatch(/^::error title=Hugo build error,file=site\/layouts\/_default\/single\.html,line=2(,col=\d+)?::/m);
    expect(run.stdout).toMatch(/^::error::markdown-or-template-syntax: /m);
    // The outputs name the file from the workspace (the repository root) too, as the annotation does.
    expect(JSON.parse(run.outputs.errors ?? '')[0]).toMatchObject({ file: 'site/layouts/_default/single.html', line: 2 });
    expect(run.outputs['next-step']).toMatch(/^Fix the template in site\/layouts\/_default\/single\.html:2 /);
  });
});

describe('deploy action, usable from any workflow', () => {
  it('syncs a folder to a local S3 server, invalidates CloudFront, and uploads nothing the second time', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const cloudfront = await startCloudFrontServer({ distributions: ['E2QWRUHAPOMQZL'] });
    onTestFinished(cloudfront.stop);
    const workspace = await makeTempDir('handoff-deploy-action');
    onTestFinished(workspace.remove);
    await writeTree(workspace.path, {
      'public/index.html': '<h1>Home</h1>',
      'public/about/index.html': '<h1>About</h1>',
      'public/css/site.css': 'body{}',
    });
    const deploy = () =>
      runAction('deploy', {
        workspace: workspace.path,
        inputs: { bucket: s3.bucket, region: 'us-east-1', 's3-endpoint': s3.endpoint, 'distribution-id': 'E2QWRUHAPOMQZL', 'cloudfront-endpoint': cloudfront.endpoint },
        env: { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey },
      });

    const first = await deploy();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.outputs).toMatchObject({ 'deployment-success': 'true', 'uploaded-files': '3', 'deleted-files': '0' });
    expect(first.outputs['invalidation-id']).not.toBe('');
    expect(JSON.parse(first.outputs['invalidation-paths'] ?? '[]')).not.toEqual([]);

    const second = await deploy();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.outputs).toMatchObject({ 'uploaded-files': '0', 'skipped-files': '3' });
  });

  it('refuses a bucket name that is not one, before touching AWS', async ({ onTestFinished }) => {
    const workspace = await makeTempDir('handoff-deploy-action');
    onTestFinished(workspace.remove);
    const run = await runAction('deploy', { workspace: workspace.path, inputs: { bucket: 'Not A Bucket' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Invalid input 'bucket': 'Not A Bucket'. Expected an S3 bucket name./);
  });
});
