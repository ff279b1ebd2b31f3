import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { MANIFEST_NAME } from '../../src/deploy/manifest.js';
import { treeDigest } from '../../src/files/tree-digest.js';
import { makeTempRepo, MINIMAL_SITE, type TempRepo } from '../helpers/temp-repo.js';
import { startCloudFrontServer } from '../servers/cloudfront-server.js';
import { startS3Server, TEST_CREDENTIALS, type TestS3Server } from '../servers/s3-server.js';

const execFileAsync = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONFIG = [
  'site_path: site',
  'environments:',
  '  staging:',
  '    base_url: https://staging.example.org/',
  '    bucket: staging-bucket',
  '    distribution_id: ESTAGING1',
  '  production:',
  '    base_url: https://www.example.org/',
  '    bucket: production-bucket',
  '',
].join('\n');

async function commitAll(repo: TempRepo, message: string): Promise<string> {
  const git = (...args: string[]) => execFileAsync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: repo.root });
  await git('add', '-A');
  await git('commit', '-qm', message);
  return (await git('rev-parse', 'HEAD')).stdout.trim();
}

async function setUp(): Promise<{ repo: TempRepo; s3: TestS3Server; client: S3Client; env: NodeJS.ProcessEnv; cloudfront: Awaited<ReturnType<typeof startCloudFrontServer>> }> {
  const s3 = await startS3Server({ bucket: 'staging-bucket' });
  cleanups.push(() => s3.stop());
  const cloudfront = await startCloudFrontServer({ distributions: ['ESTAGING1'] });
  cleanups.push(() => cloudfront.stop());
  const client = new S3Client({ endpoint: s3.directEndpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS });
  cleanups.push(async () => client.destroy());
  await client.send(new CreateBucketCommand({ Bucket: 'production-bucket' }));
  const repo = await makeTempRepo({ ...MINIMAL_SITE, 'handoff.yml': CONFIG, '.gitignore': '.handoff/\n' });
  cleanups.push(() => repo.remove());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_PROFILE: '',
    HANDOFF_S3_ENDPOINT: s3.endpoint,
    HANDOFF_CLOUDFRONT_ENDPOINT: cloudfront.endpoint,
    HANDOFF_SITE_URL: `${s3.directEndpoint}/staging-bucket/index.html`,
  };
  return { repo, s3, client, env, cloudfront };
}

async function deployStaging(repo: TempRepo, env: NodeJS.ProcessEnv, brief: string): Promise<{ id: string; result: string }> {
  const created = await repo.handoff(['new', 'hugo-deploy-staging', '--description', `Deploy ${brief}`, '--brief', brief, '--json'], { env });
  expect(created.code, created.stderr + created.stdout).toBe(0);
  const run = await repo.handoff(['run', created.json().path, '--json'], { env });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  await commitAll(repo, `Result of ${brief}`);
  return { id: created.json().id, result: await repo.read(run.json().result_path) };
}

/** Every object of a bucket (the deploy manifest left out) by key, with the MD5 of its body. */
async function bucketMd5s(client: S3Client, bucket: string): Promise<Map<string, string>> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  const md5s = new Map<string, string>();
  for (const object of listed.Contents ?? []) {
    if (!object.Key || object.Key === MANIFEST_NAME) continue;
    const body = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))).Body?.transformToByteArray();
    md5s.set(object.Key, createHash('md5').update(body ?? new Uint8Array()).digest('hex'));
  }
  return md5s;
}

async function treeMd5s(root: string): Promise<Map<string, string>> {
  const md5s = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else md5s.set(path.relative(root, full).split(path.sep).join('/'), createHash('md5').update(await readFile(full)).digest('hex'));
    }
  };
  await walk(root);
  return md5s;
}

function covered(paths: readonly string[], key: string): boolean {
  const urlPath = `/${key}`;
  return paths.some((p) => (p.endsWith('*') ? urlPath.startsWith(p.slice(0, -1)) : p === urlPath || (urlPath.endsWith('/index.html') && (p === urlPath.slice(0, -'index.html'.length) || p === urlPath.slice(0, -'/index.html'.length))) || (p === '/' && key === 'index.html')));
}

const field = (text: string, name: string) => new RegExp(`^\\s*${name}: (.*)$`, 'm').exec(text)?.[1]?.replace(/^"|"$/g, '');

describe('rollback and promote (handoff run, s3rver, the CloudFront stand-in)', () => {
  it('deploy v1, deploy v2, roll back: the bucket equals v1\'s tree by MD5, and the invalidation covers what changed', async () => {
    const { repo, client, env, cloudfront } = await setUp();
    const v1Commit = (await execFileAsync('git', ['rev-parse', 'HEAD'], { cwd: repo.root })).stdout.trim();
    const v1 = await deployStaging(repo, env, 'v1');
    expect(field(v1.result, 'source_commit')).toBe(v1Commit);
    expect(field(v1.result, 'tree_digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(field(v1.result, 'hugo_version')).toMatch(/\d+\.\d+/);
    const v1Tree = await treeMd5s(path.join(repo.root, '.handoff', 'build', v1.id));
    expect(field(v1.result, 'tree_digest')).toBe(await treeDigest(path.join(repo.root, '.handoff', 'build', v1.id)));

    await repo.write({
      'site/content/posts/first.md': '---\ntitle: First, rewritten\ndate: 2026-01-02\n---\nChanged in v2.\n',
      'site/content/posts/third.md': '---\ntitle: Third\ndate: 2026-01-04\n---\nNew in v2.\n',
    });
    await execFileAsync('git', ['rm', '-q', 'site/content/posts/second.md'], { cwd: repo.root });
    await commitAll(repo, 'v2 of the site');
    const v2 = await deployStaging(repo, env, 'v2');
    const v2Tree = await treeMd5s(path.join(repo.root, '.handoff', 'build', v2.id));
    expect(await bucketMd5s(client, 'staging-bucket')).toEqual(v2Tree);
    const before = cloudfront.invalidations.length;

    const rollback = await repo.handoff(['rollback', 'staging', '--no-push', '--json'], { env });
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    expect(rollback.json()).toMatchObject({ ok: true, kind: 'rollback', environment: 'staging', from: v2.id, to: v1.id, source_commit: v1Commit, pushed: false });
    const ran = await repo.handoff(['run', rollback.json().path, '--json'], { env });
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    const result = await repo.read(ran.json().result_path);
    expect(field(result, 'rolled_back_from')).toBe(v2.id);
    expect(field(result, 'rolled_back_to')).toBe(v1.id);
    expect(field(result, 'source_commit')).toBe(v1Commit);
    expect(field(result, 'tree_digest')).toBe(field(v1.result, 'tree_digest'));

    expect(await bucketMd5s(client, 'staging-bucket')).toEqual(v1Tree);
    const changed = [...new Set([...v1Tree.keys(), ...v2Tree.keys()])].filter((key) => v1Tree.get(key) !== v2Tree.get(key));
    expect(changed.length).toBeGreaterThan(2);
    expect(cloudfront.invalidations).toHaveLength(before + 1);
    const paths = cloudfront.invalidations.at(-1)?.paths ?? [];
    for (const key of changed) expect(covered(paths, key), `${key} in ${paths.join(' ')}`).toBe(true);
    // The user's work tree was not touched: still v2, nothing left in .handoff/source.
    expect(await repo.read('site/content/posts/first.md')).toMatch(/Changed in v2/);
    expect(await readdir(path.join(repo.root, '.handoff', 'source')).catch(() => [])).toEqual([]);
  });

  it('promote builds the staging result\'s commit with production settings, and refuses a failed or too old staging result', async () => {
    const { repo, client, env, s3 } = await setUp();
    const v1Commit = (await execFileAsync('git', ['rev-parse', 'HEAD'], { cwd: repo.root })).stdout.trim();
    const staging = await deployStaging(repo, env, 'checked');
    await repo.write({ 'site/content/posts/first.md': '---\ntitle: Not checked on staging\ndate: 2026-01-02\n---\nUnreviewed.\n' });
    await commitAll(repo, 'Unreviewed change');

    const refused = await repo.handoff(['promote', staging.id, '--no-push', '--json'], { env });
    expect(refused.code).toBe(1);
    expect(refused.json().error.message).toMatch(/needs the user's typed confirmation/);
    expect((await readdir(path.join(repo.root, 'tasks', 'pending'))).filter((name) => name.endsWith('.md'))).toEqual([]);

    const promote = await repo.handoff(['promote', staging.id, '--confirm', 'DEPLOY TO PRODUCTION', '--no-push', '--json'], { env });
    expect(promote.code, promote.stdout + promote.stderr).toBe(0);
    expect(promote.json()).toMatchObject({ kind: 'promote', environment: 'production', from: staging.id, source_commit: v1Commit });
    const task = await repo.read(promote.json().path);
    expect(task).toMatch(/^promote_from: \S+/m);
    expect(task).toMatch(/base_url: https:\/\/www\.example\.org\//);
    s3.resetCounts();
    const ran = await repo.handoff(['run', promote.json().path, '--json'], { env });
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    const result = await repo.read(ran.json().result_path);
    expect(field(result, 'source_commit')).toBe(v1Commit);
    expect(field(result, 'promoted_from')).toBe(staging.id);
    const production = await bucketMd5s(client, 'production-bucket');
    expect(production.size).toBeGreaterThan(2);
    const page = await (await client.send(new GetObjectCommand({ Bucket: 'production-bucket', Key: 'posts/first/index.html' }))).Body?.transformToString();
    expect(page).toMatch(/Hello/);
    expect(page).not.toMatch(/Unreviewed/);
    expect(await repo.read('site/content/posts/first.md')).toMatch(/Unreviewed/);

    // A failed staging result, and one older than promote_max_age_hours: failed results, nothing sent.
    const promoteTask = (id: string, from: string) =>
      [
        '---',
        `id: "${id}"`,
        'type: hugo-deploy',
        'environment: production',
        'description: "Promote"',
        'created: "2026-01-19T15:00:00Z"',
        `promote_from: "${from}"`,
        'confirmation: "DEPLOY TO PRODUCTION"',
        'changes_summary: "x"',
        'staging_url: "https://staging.example.org/"',
        'params:',
        '  site_path: "site"',
        '---',
        '',
      ].join('\n');
    const oldResult = staging.result.replace(/^finished_at: .*$/m, 'finished_at: 2020-01-01T00:00:00.000Z').replace(/^task_id: .*$/m, 'task_id: 2020-01-01-0000-hugo-deploy-old');
    const failedResult = staging.result.replace(/^status: success$/m, 'status: failed').replace(/^task_id: .*$/m, 'task_id: 2026-01-19-1400-hugo-deploy-broken');
    await repo.write({
      'results/2020-01-01/2020-01-01-0000-hugo-deploy-old.result.md': oldResult,
      'results/2026-01-19/2026-01-19-1400-hugo-deploy-broken.result.md': failedResult,
      'tasks/pending/2026-01-19-1501-hugo-deploy-old.md': promoteTask('2026-01-19-1501-hugo-deploy-old', '2020-01-01-0000-hugo-deploy-old'),
      'tasks/pending/2026-01-19-1502-hugo-deploy-broken.md': promoteTask('2026-01-19-1502-hugo-deploy-broken', '2026-01-19-1400-hugo-deploy-broken'),
      'tasks/pending/2026-01-19-1503-hugo-deploy-missing.md': promoteTask('2026-01-19-1503-hugo-deploy-missing', '2026-01-19-1400-hugo-deploy-nowhere'),
    });
    s3.resetCounts();
    for (const [name, why] of [
      ['2026-01-19-1501-hugo-deploy-old', /older than the 72 h allowed/],
      ['2026-01-19-1502-hugo-deploy-broken', /failed/],
      ['2026-01-19-1503-hugo-deploy-missing', /is missing/],
    ] as const) {
      const run = await repo.handoff(['run', `tasks/pending/${name}.md`, '--json'], { env });
      expect(run.code).toBe(1);
      expect(run.json().error.message).toMatch(/^promote refused, nothing deployed/);
      expect(run.json().error.message).toMatch(why);
    }
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE')).toBe(0);
  });
});
