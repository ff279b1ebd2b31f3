import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketContents } from '../deploy/helpers.js';
import { makeTempRepo } from '../helpers/temp-repo.js';
import { startS3Server, TEST_CREDENTIALS, useTestCredentials } from '../servers/s3-server.js';
import { siteFiles, taskText } from './fixtures.js';

function config(bucket: string): string {
  return [
    'sites:',
    '  blog:',
    '    path: sites/blog',
    '    environments:',
    '      staging:',
    `        bucket: ${bucket}`,
    '        key_prefix: blog',
    '  shop:',
    '    repository: acme/shop-site',
    '    path: site',
    '    environments:',
    '      staging:',
    `        bucket: ${bucket}`,
    '        key_prefix: shop',
    '',
  ].join('\n');
}

const deploy = (site: string, sitePath: string): [string, string] => {
  const id = `2026-01-19-1600-hugo-deploy-${site}-staging`;
  return [`tasks/pending/${id}.md`, taskText(id, ['type: hugo-deploy', 'environment: staging', `site: ${site}`, 'description: "x"', 'params:', `  site_path: ${sitePath}`, '  invalidate: false'])];
};

describe('handoff run in a repository of several sites', () => {
  it('deploys a site into its own prefix and links its result under results/latest/<site>/; refuses to build a site of another repository here', async ({ onTestFinished }) => {
    useTestCredentials();
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    // site/ exists here too: a local run of shop must not take it for shop's source.
    const repo = await makeTempRepo({ ...siteFiles('sites/blog', 'Blog'), ...siteFiles('site', 'Not the shop'), 'handoff.yml': config(s3.bucket) });
    onTestFinished(repo.remove);
    const [blogTask, blogText] = deploy('blog', 'sites/blog');
    const [shopTask, shopText] = deploy('shop', 'site');
    await repo.write({ [blogTask]: blogText, [shopTask]: shopText });
    const env = {
      ...process.env,
      HANDOFF_S3_ENDPOINT: s3.endpoint,
      HANDOFF_SITE_URL: `${s3.directEndpoint}/${s3.bucket}/blog/index.html`,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    };

    const blog = await repo.handoff(['run', blogTask, '--json'], { env });
    expect(blog.code, blog.stderr + blog.stdout).toBe(0);
    const result = blog.json();
    expect(await repo.read(result.result_path)).toMatch(/\nenvironment: staging\nsite: blog\nstatus: success\n/);
    expect(await readlink(path.join(repo.root, 'results/latest/blog/hugo-deploy-staging.result.md'))).toBe(`../../${result.result_path.slice('results/'.length)}`);
    const keys = Object.keys(await bucketContents(s3));
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !key.startsWith('blog/'))).toEqual([]);

    s3.resetCounts();
    const shop = await repo.handoff(['run', shopTask, '--json'], { env });
    expect(shop.code).toBe(1);
    expect(shop.json().error).toMatchObject({ message: 'site shop is in acme/shop-site, which is not checked out here: handoff run builds the sites of this repository only', action: 'escalate' });
    expect(s3.requests).toEqual([]);
    expect(Object.keys(await bucketContents(s3)).filter((key) => !key.startsWith('blog/'))).toEqual([]);
  });
});
