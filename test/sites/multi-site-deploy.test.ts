import { createHash } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, makeRemote, orchestrationRepo, pushEvent, remoteFiles, runAction, type Remote } from '../actions/harness.js';
import { bucketContents, withoutManifest } from '../deploy/helpers.js';
import { s3Operation, startS3Server, TEST_CREDENTIALS, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';
import { siteFiles, taskText } from './fixtures.js';

interface MatrixEntry {
  id: string;
  task_file: string;
  site: string;
  environment: string;
  github_environment: string;
  concurrency_group: string;
  site_repository: string;
  site_ref: string;
  site_token_secret: string;
  role_arn: string;
}

const PREFIXES = { docs: 'docs', blog: 'blog', shop: 'shop' } as const;
type SiteName = keyof typeof PREFIXES;

function config(bucket: string): string {
  const environments = (site: SiteName) => [
    '    environments:',
    '      staging:',
    `        base_url: https://staging.${site}.example.org/`,
    `        bucket: ${bucket}`,
    `        key_prefix: ${PREFIXES[site]}`,
    `        role_arn: arn:aws:iam::123456789012:role/handoff-${site}-staging`,
  ];
  return [
    'sites:',
    '  docs:',
    '    path: sites/docs',
    ...environments('docs'),
    '  blog:',
    '    path: sites/blog',
    ...environments('blog'),
    '  shop:',
    '    repository: acme/shop-site',
    '    ref: main',
    '    path: site',
    '    token_secret: SHOP_SITE_TOKEN',
    ...environments('shop'),
    '',
  ].join('\n');
}

function deployTask(site: SiteName, minute: number, sitePath: string): [string, string] {
  const id = `2026-01-19-16${String(minute).padStart(2, '0')}-hugo-deploy-${site}-staging`;
  const text = taskText(id, [
    'type: hugo-deploy',
    'environment: staging',
    `site: ${site}`,
    `description: "Deploy ${site} to staging"`,
    'params:',
    `  site_path: "${sitePath}"`,
    '  invalidate: false',
  ]);
  return [`tasks/pending/${id}.md`, text];
}

/** Relative path -> MD5 of every file of a built tree. */
async function treeDigests(dir: string, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[`${prefix}/${path.relative(dir, full).split(path.sep).join('/')}`] = createHash('md5').update(await readFile(full)).digest('hex');
  }
  return out;
}

/** plan -> run -> record for every task of one push, each action bundled and run as the jobs run it. */
async function runPush(remote: Remote, shop: Remote, s3: TestS3Server, range: { before: string; after: string }, runId: string) {
  const planCheckout = await remote.clone(`plan-${runId}`, { ref: range.after });
  const plan = await runAction('claim', { workspace: planCheckout.dir, event: pushEvent(range), runId });
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  const matrix = (JSON.parse(plan.outputs.matrix ?? '') as { task: MatrixEntry[] }).task;
  const built: Record<string, string> = {};
  for (const task of matrix) {
    const checkout = await remote.clone(`run-${runId}-${task.site}`, { ref: plan.outputs.commit ?? '' });
    let buildRoot = checkout.dir;
    if (task.site_repository) {
      // What actions/checkout does with matrix.task.site_repository and site_ref.
      buildRoot = path.join(checkout.dir, '.handoff', 'site');
      await git(checkout.dir, 'clone', '-q', '--branch', task.site_ref, shop.bare, buildRoot);
    }
    const run = await runAction('run', {
      workspace: checkout.dir,
      inputs: {
        'task-file': task.task_file,
        's3-endpoint': s3.endpoint,
        'site-url': `${s3.directEndpoint}/${s3.bucket}/${PREFIXES[task.site as SiteName]}/index.html`,
        ...(task.site_repository ? { 'site-checkout': '.handoff/site' } : {}),
      },
      env: { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' },
      runId,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status, run.summary).toBe('success');
    built[task.site] = path.join(buildRoot, '.handoff', 'build', task.id);
    const record = await runAction('record', {
      workspace: checkout.dir,
      inputs: { 'result-paths': run.outputs['result-path'] ?? '', 'task-file': task.task_file, 'run-outcome': 'success' },
      runId,
    });
    expect(record.code, record.stdout + record.stderr).toBe(0);
  }
  return { matrix, built };
}

describe('three sites deployed to one local S3 server: two in the orchestration repository, one in another', () => {
  it('plans one group per site, deploys each into its own prefix, equal to its own tree by MD5; a later task of one leaves the others untouched', async ({ onTestFinished }) => {
    useTestCredentials();
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const shop = await makeRemote(siteFiles('site', 'Shop', 3));
    onTestFinished(shop.remove);
    const remote = await makeRemote(orchestrationRepo(config(s3.bucket), { ...siteFiles('sites/docs', 'Docs', 2), ...siteFiles('sites/blog', 'Blog', 4) }));
    onTestFinished(remote.remove);

    const agent = await remote.clone('agent');
    const tasks = [deployTask('docs', 1, 'sites/docs'), deployTask('blog', 2, 'sites/blog'), deployTask('shop', 3, 'site')];
    await agent.write(Object.fromEntries(tasks));
    const first = await runPush(remote, shop, s3, await agent.commitAndPush('Deploy three sites'), '901');

    expect(first.matrix.map((task) => [task.site, task.concurrency_group, task.github_environment, task.site_repository, task.site_ref, task.site_token_secret, task.role_arn])).toEqual([
      ['docs', 'handoff-deploy-docs-staging', 'staging', '', '', '', 'arn:aws:iam::123456789012:role/handoff-docs-staging'],
      ['blog', 'handoff-deploy-blog-staging', 'staging', '', '', '', 'arn:aws:iam::123456789012:role/handoff-blog-staging'],
      ['shop', 'handoff-deploy-shop-staging', 'staging', 'acme/shop-site', 'main', 'SHOP_SITE_TOKEN', 'arn:aws:iam::123456789012:role/handoff-shop-staging'],
    ]);

    // Each prefix holds exactly its own site's built tree.
    const bucket = withoutManifest(await bucketContents(s3));
    const expected: Record<string, string> = {};
    for (const site of Object.keys(PREFIXES) as SiteName[]) Object.assign(expected, await treeDigests(first.built[site]!, PREFIXES[site]));
    expect(bucket).toEqual(expected);
    for (const site of Object.keys(PREFIXES) as SiteName[]) {
      expect(Object.keys(expected).filter((key) => key.startsWith(`${PREFIXES[site]}/`)).length).toBeGreaterThan(5);
    }
    const titles = await Promise.all(['docs', 'blog', 'shop'].map(async (site) => (await bucketContents(s3, `${site}/index.html`))[`${site}/index.html`]));
    expect(new Set(titles).size).toBe(3);

    // Per-site results and links.
    const fresh = await remote.clone('fresh-1');
    for (const site of Object.keys(PREFIXES)) {
      const link = await readlink(path.join(fresh.dir, 'results/latest', site, 'hugo-deploy-staging.result.md'));
      expect(link).toMatch(new RegExp(`^\\.\\./\\.\\./\\d{4}-\\d{2}-\\d{2}/2026-01-19-16\\d\\d-hugo-deploy-${site}-staging\\.result\\.md$`));
      expect(await readFile(path.join(fresh.dir, 'results/latest', site, 'hugo-deploy-staging.result.md'), 'utf8')).toMatch(new RegExp(`\\nsite: ${site}\\nstatus: success\\n`));
    }
    expect(await remoteFiles(remote.bare, 'results/latest/hugo-deploy-staging.result.md')).toEqual([]);

    // A second docs task after an edit: blog and shop keep every object, and no request touched them.
    const before = { blog: await bucketContents(s3, 'blog/'), shop: await bucketContents(s3, 'shop/') };
    await agent.git('pull', '-q', '--rebase');
    await agent.write({ 'sites/docs/content/posts/docs-1.md': '---\ntitle: Docs page 1, revised\n---\nRevised.\n' });
    await git(agent.dir, 'rm', '-q', 'sites/docs/content/posts/docs-2.md');
    const [second, secondText] = deployTask('docs', 30, 'sites/docs');
    await agent.write({ [second]: secondText });
    s3.resetCounts();
    const again = await runPush(remote, shop, s3, await agent.commitAndPush('Deploy docs again'), '902');
    expect(again.matrix.map((task) => task.site)).toEqual(['docs']);
    expect(await bucketContents(s3, 'blog/')).toEqual(before.blog);
    expect(await bucketContents(s3, 'shop/')).toEqual(before.shop);
    expect(withoutManifest(await bucketContents(s3, 'docs/'))).toEqual(await treeDigests(again.built.docs!, 'docs'));
    expect(s3.count('DeleteObjects') + s3.count('DeleteObject')).toBeGreaterThan(0);
    const touched = s3.requests;
    expect(touched.filter((request) => s3Operation(request) === 'ListObjectsV2').map((request) => request.query.get('prefix'))).toContain('docs/');
    expect(touched.filter((request) => s3Operation(request) === 'PutObject').length).toBeGreaterThan(0);
    for (const request of touched) {
      const key = request.path.split('/').slice(2).join('/');
      const listed = request.query.get('prefix');
      if (key) expect(key.startsWith('docs/'), `${request.method} ${request.path}`).toBe(true);
      else if (request.query.get('list-type') === '2') expect(listed, `${request.method} ${request.path}?${request.query}`).toBe('docs/');
    }

    // status, per site, on a fresh clone.
    const latest = await remote.clone('fresh-2');
    const { execFile } = await import('node:child_process');
    const status = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [path.join(import.meta.dirname, '../../bin/handoff.js'), 'status', '--site', 'docs', '--json'], { cwd: latest.dir }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    const recent = (JSON.parse(status) as { recent_results: Array<{ task_id: string; site: string }> }).recent_results;
    expect(recent.map((result) => result.site)).toEqual(['docs', 'docs']);
  });
});
