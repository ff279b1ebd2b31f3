import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deploySite } from '../../src/deploy/deploy.js';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE } from '../../src/deploy/headers.js';
import { startS3Server, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';
import {
  bucketContents,
  DEFAULT_SITE,
  directClient,
  expectedContents,
  headObject,
  makeTree,
  md5,
  removeFile,
  removeTree,
  settingsFor,
  withoutManifest,
  writeFiles,
} from './helpers.js';

let server: TestS3Server;
let dir: string;

beforeAll(() => useTestCredentials());
beforeEach(async () => {
  server = await startS3Server();
  dir = await makeTree();
});
afterEach(async () => {
  await server.stop();
  await removeTree(dir);
});

describe('deploySite against s3rver', () => {
  it('first deploy uploads everything with headers and metadata', async () => {
    const report = await deploySite(settingsFor(server, dir));
    expect(report.failure).toBeUndefined();
    expect(report.outputs).toMatchObject({
      deployment_success: true,
      uploaded_files: 8,
      skipped_files: 0,
      deleted_files: 0,
      invalidation_id: null,
      http_status: null,
      url: null,
    });
    expect(Object.keys(report.outputs).sort()).toEqual(
      [
        'deployment_success',
        'uploaded_files',
        'skipped_files',
        'deleted_files',
        'bytes_uploaded',
        'invalidation_id',
        'invalidation_paths',
        'http_status',
        'url',
        'duration_seconds',
      ].sort(),
    );
    expect(report.outputs.bytes_uploaded).toBe(Object.values(DEFAULT_SITE).reduce((n, c) => n + Buffer.byteLength(c), 0));
    expect(report.summary).toMatch(/^uploaded 8, skipped 0, deleted 0 \(100% changed\) in \d+\.\d s$/);
    expect(report.plan?.uploads.every((u) => u.reason === 'new')).toBe(true);
    expect(report.invalidation).toMatchObject({ status: 'skipped', id: null, reason: 'no CloudFront distribution configured' });
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents(DEFAULT_SITE));

    const css = await headObject(server, 'site/css/main.3f2a9c1b.css');
    expect(css.ContentType).toBe('text/css; charset=utf-8');
    expect(css.CacheControl).toBe(CACHE_IMMUTABLE);
    expect(css.Metadata?.['handoff-md5']).toBe(md5(DEFAULT_SITE['css/main.3f2a9c1b.css']!));
    const feed = await headObject(server, 'site/index.xml');
    expect(feed.ContentType).toBe('application/rss+xml; charset=utf-8');
    expect(feed.CacheControl).toBe(CACHE_REVALIDATE);

    const puts = server.requests.filter((r) => r.method === 'PUT').map((r) => r.path.replace('/site-bucket/site/', ''));
    const firstHtml = puts.findIndex((p) => p.endsWith('.html'));
    const lastAsset = puts.reduce((last, p, i) => (/\.(css|js|svg)$/.test(p) ? i : last), -1);
    const firstFeed = puts.findIndex((p) => p.endsWith('.xml'));
    const lastHtml = puts.reduce((last, p, i) => (p.endsWith('.html') ? i : last), -1);
    expect(lastAsset).toBeLessThan(firstHtml);
    expect(lastHtml).toBeLessThan(firstFeed);
  });

  it('no-op redeploy sends no PUT, HEAD or DELETE', async () => {
    await deploySite(settingsFor(server, dir));
    server.resetCounts();
    const report = await deploySite(settingsFor(server, dir));
    expect(report.outputs).toMatchObject({ deployment_success: true, uploaded_files: 0, skipped_files: 8, deleted_files: 0 });
    expect(report.summary).toMatch(/^uploaded 0, skipped 8, deleted 0 \(0% changed\)/);
    expect(server.countByMethod('PUT')).toBe(0);
    expect(server.countByMethod('HEAD')).toBe(0);
    expect(server.count('DeleteObjects')).toBe(0);
    expect(server.count('ListObjectsV2')).toBe(1);
    expect(server.count('GetObject')).toBe(1);
  });

  it('one changed file is one PUT', async () => {
    await deploySite(settingsFor(server, dir));
    await writeFiles(dir, { 'js/app.js': 'console.log(2)' });
    server.resetCounts();
    const report = await deploySite(settingsFor(server, dir));
    expect(report.outputs).toMatchObject({ uploaded_files: 1, skipped_files: 7, deleted_files: 0 });
    expect(report.plan?.uploads).toEqual([{ key: 'site/js/app.js', reason: 'content-changed', bytes: 14 }]);
    expect(server.count('PutObject')).toBe(2);
    expect(server.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      '/site-bucket/site/js/app.js',
      '/site-bucket/site/.handoff-manifest.json.gz',
    ]);
  });

  it('rewrites the manifest exactly when its entries change, also when nothing is uploaded', async () => {
    const manifestPuts = () => server.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/.handoff-manifest.json.gz')).length;
    // without a manifest first: the next deploy learns every object's headers by HEAD and records them
    await deploySite(settingsFor(server, dir, { manifest: false }));
    server.resetCounts();
    const learned = await deploySite(settingsFor(server, dir));
    expect(learned.outputs.uploaded_files).toBe(0);
    expect(server.count('HeadObject')).toBe(8);
    expect(manifestPuts()).toBe(1);
    // an excluded path leaves the bucket alone but not the manifest, which no longer vouches for it
    server.resetCounts();
    const excluded = await deploySite(settingsFor(server, dir, { exclude: ['*.xml'] }));
    expect(excluded.outputs).toMatchObject({ uploaded_files: 0, deleted_files: 0 });
    expect(server.count('HeadObject')).toBe(0);
    expect(manifestPuts()).toBe(1);
    server.resetCounts();
    await deploySite(settingsFor(server, dir, { exclude: ['*.xml'] }));
    expect(server.countByMethod('PUT')).toBe(0);
    // back to the whole site: the XML files are vouched for again only after a HEAD
    server.resetCounts();
    await deploySite(settingsFor(server, dir));
    expect(server.count('HeadObject')).toBe(2);
    expect(manifestPuts()).toBe(1);
    server.resetCounts();
    await deploySite(settingsFor(server, dir));
    expect(server.countByMethod('PUT')).toBe(0);
    expect(server.count('HeadObject')).toBe(0);
  });

  it('a file of another size is re-uploaded as size-changed', async () => {
    await deploySite(settingsFor(server, dir));
    await writeFiles(dir, { 'js/app.js': 'console.log("longer")' });
    const report = await deploySite(settingsFor(server, dir));
    expect(report.plan?.uploads).toEqual([{ key: 'site/js/app.js', reason: 'size-changed', bytes: 21 }]);
  });

  it('one removed file is one DELETE, after the uploads', async () => {
    await deploySite(settingsFor(server, dir));
    await removeFile(dir, 'about/index.html');
    await writeFiles(dir, { 'new.css': 'a{}' });
    server.resetCounts();
    const report = await deploySite(settingsFor(server, dir));
    expect(report.outputs).toMatchObject({ uploaded_files: 1, deleted_files: 1 });
    expect(report.plan?.deletes).toEqual(['site/about/index.html']);
    expect(server.count('DeleteObjects')).toBe(1);
    const deleteAt = server.requests.findIndex((r) => r.query.has('delete'));
    const uploadAt = server.requests.findIndex((r) => r.path.endsWith('/new.css'));
    expect(uploadAt).toBeGreaterThanOrEqual(0);
    expect(uploadAt).toBeLessThan(deleteAt);
    expect(Object.keys(await bucketContents(server))).not.toContain('site/about/index.html');
  });

  it('a changed header rule re-uploads the affected objects only', async () => {
    await deploySite(settingsFor(server, dir));
    server.resetCounts();
    const report = await deploySite(
      settingsFor(server, dir, { headerRules: [{ pattern: '*.js', cacheControl: 'public, max-age=60' }] }),
    );
    expect(report.plan?.uploads).toEqual([{ key: 'site/js/app.js', reason: 'headers-changed', bytes: 14, rules: { 'Cache-Control': "public, max-age=60 ← '*.js'" } }]);
    expect((await headObject(server, 'site/js/app.js')).CacheControl).toBe('public, max-age=60');
    expect(server.count('HeadObject')).toBe(0);
  });

  it('sees header drift without a manifest by HEADing objects', async () => {
    await deploySite(settingsFor(server, dir, { manifest: false }));
    server.resetCounts();
    const report = await deploySite(
      settingsFor(server, dir, { manifest: false, headerRules: [{ pattern: '*.svg', cacheControl: 'no-cache' }] }),
    );
    expect(report.plan?.uploads).toEqual([{ key: 'site/img/logo.svg', reason: 'headers-changed', bytes: 6, rules: { 'Cache-Control': "no-cache ← '*.svg'" } }]);
    expect(server.count('HeadObject')).toBe(8);
  });

  it('gzip rules store gzipped bodies and skip them on a redeploy', async () => {
    const rules = [{ pattern: '*.css', gzip: true }];
    const first = await deploySite(settingsFor(server, dir, { headerRules: rules }));
    expect(first.failure).toBeUndefined();
    const css = await headObject(server, 'site/css/main.3f2a9c1b.css');
    expect(css.ContentEncoding).toBe('gzip');
    expect(css.CacheControl).toBe(CACHE_IMMUTABLE);
    server.resetCounts();
    const second = await deploySite(settingsFor(server, dir, { headerRules: rules }));
    expect(second.outputs.uploaded_files).toBe(0);
    expect(server.countByMethod('PUT')).toBe(0);
  });

  it('refuses a deploy past max-deletes, writing nothing', async () => {
    await deploySite(settingsFor(server, dir));
    for (const p of ['about/index.html', 'posts/hello/index.html', 'img/logo.svg']) await removeFile(dir, p);
    await writeFiles(dir, { 'js/app.js': 'changed!' });
    server.resetCounts();
    const report = await deploySite(settingsFor(server, dir, { maxDeletes: 2 }));
    expect(report.outputs.deployment_success).toBe(false);
    expect(report.failure).toMatchObject({ phase: 'plan', code: 'TooManyDeletes' });
    expect(report.failure?.message).toContain('delete 3 objects');
    expect(report.failure?.message).toContain('limit (max-deletes) is 2');
    expect(report.plan?.tooManyDeletes).toEqual({ count: 3, limit: 2 });
    expect(server.countByMethod('PUT')).toBe(0);
    expect(server.count('DeleteObjects')).toBe(0);
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents(DEFAULT_SITE));
  });

  it('reports invalid settings instead of throwing', async () => {
    const badPrefix = await deploySite(settingsFor(server, dir, { prefix: 'a/../b' }));
    expect(badPrefix.failure).toMatchObject({ phase: 'config', code: 'InvalidSettings' });
    const badGlob = await deploySite(settingsFor(server, dir, { exclude: ['*.{css'] }));
    expect(badGlob.failure).toMatchObject({ phase: 'config', code: 'InvalidSettings' });
    expect(badGlob.failure?.message).toContain('unclosed');
    const missing = await deploySite(settingsFor(server, `${dir}/nope`));
    expect(missing.failure).toMatchObject({ phase: 'walk', code: 'ENOENT' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an empty build output', async () => {
    const empty = await makeTree({});
    try {
      const report = await deploySite(settingsFor(server, empty));
      expect(report.failure).toMatchObject({ phase: 'walk', code: 'EmptyBuild' });
      expect(server.requests).toHaveLength(0);
    } finally {
      await removeTree(empty);
    }
  });

  it('keeps to its prefix: site/ never touches site2/', async () => {
    const client = directClient(server);
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site2/index.html', Body: 'other site' }));
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'siteindex.html', Body: 'other' }));
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site/stale.html', Body: 'stale' }));
    const report = await deploySite(settingsFor(server, dir, { prefix: 'site' }));
    expect(report.plan?.deletes).toEqual(['site/stale.html']);
    const contents = await bucketContents(server);
    expect(contents['site2/index.html']).toBe(md5('other site'));
    expect(contents['siteindex.html']).toBe(md5('other'));
    expect(contents['site/stale.html']).toBeUndefined();
  });

  it('deploys to the bucket root with an empty prefix', async () => {
    const report = await deploySite(settingsFor(server, dir, { prefix: '' }));
    expect(report.failure).toBeUndefined();
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents(DEFAULT_SITE, ''));
  });

  it('excluded paths are neither uploaded nor deleted', async () => {
    await directClient(server).send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site/.well-known/x', Body: 'keep' }));
    await writeFiles(dir, { '.DS_Store': 'junk' });
    const report = await deploySite(settingsFor(server, dir, { exclude: ['.DS_Store', '.well-known/**'] }));
    expect(report.plan?.deletes).toEqual([]);
    expect(report.ignored).toEqual([{ path: '.DS_Store', reason: 'excluded' }]);
    const contents = await bucketContents(server);
    expect(contents['site/.DS_Store']).toBeUndefined();
    expect(contents['site/.well-known/x']).toBe(md5('keep'));
  });

  it('dry run sends no PUT or DELETE and returns the exact plan', async () => {
    await deploySite(settingsFor(server, dir));
    await removeFile(dir, 'about/index.html');
    await writeFiles(dir, { 'js/app.js': 'console.log(2)', 'new.png': 'png' });
    server.resetCounts();
    const report = await deploySite(
      settingsFor(server, dir, {
        dryRun: true,
        distributionId: 'E123', cloudfront: { endpoint: 'http://127.0.0.1:9', originPath: '/site' },
      }),
    );
    expect(report.dryRun).toBe(true);
    expect(report.failure).toBeUndefined();
    expect(report.plan).toEqual({
      uploads: [
        { key: 'site/js/app.js', reason: 'content-changed', bytes: 14 },
        { key: 'site/new.png', reason: 'new', bytes: 3 },
      ],
      deletes: ['site/about/index.html'],
      skipped: 6,
      bytesToUpload: 17,
    });
    expect(report.summary).toMatch(/^dry run: would upload 2, skip 6, delete 1/);
    expect(report.invalidation).toEqual({
      status: 'planned',
      id: null,
      paths: ['/about', '/about/', '/js/app.js', '/new.png'],
      reason: 'dry run',
    });
    expect(server.requests.map((r) => r.method).sort()).toEqual(['GET', 'GET']);
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents(DEFAULT_SITE));
  });

  it('reports progress up to the total', async () => {
    const seen: { phase: string; filesDone: number; filesTotal: number; bytesDone: number }[] = [];
    await deploySite(settingsFor(server, dir), { onProgress: (p) => seen.push({ ...p }) });
    const uploads = seen.filter((p) => p.phase === 'upload');
    expect(uploads).toHaveLength(8);
    expect(uploads.at(-1)).toMatchObject({ filesDone: 8, filesTotal: 8 });
    expect(uploads.map((p) => p.filesDone)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
