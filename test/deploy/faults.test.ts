import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deploySite } from '../../src/deploy/deploy.js';
import { createS3Client, createS3Store, type S3Store } from '../../src/deploy/s3-store.js';
import { s3ErrorXml, startAccessDeniedProxy, startFaultProxy, startProxy } from '../servers/fault-proxy.js';
import { s3Operation, startS3Server, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';
import {
  bucketContents,
  directClient,
  expectedContents,
  makeTree,
  removeFile,
  removeTree,
  s3Settings,
  settingsFor,
  withoutManifest,
  writeFiles,
} from './helpers.js';

let server: TestS3Server;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => useTestCredentials());
beforeEach(async () => {
  server = await startS3Server();
  cleanups.push(() => server.stop());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tree(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await makeTree(files);
  cleanups.push(() => removeTree(dir));
  return dir;
}

function generatedSite(count: number, version = 1): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    files[`posts/p${i}/index.html`] = `<h1>post ${i} v${version}</h1>`;
    files[`img/i${i}.png`] = `png ${i}`.repeat(50);
  }
  files['index.html'] = `<h1>home v${version}</h1>`;
  return files;
}

/** A wrapper that makes the listing show multipart ETags, as S3 does for multipart uploads. */
function multipartEtags(inner: S3Store, keys: string[]): S3Store {
  return {
    ...inner,
    async list(prefix, signal) {
      const listed = await inner.list(prefix, signal);
      for (const key of keys) {
        const object = listed.get(key);
        if (object) object.etag = `"${object.etag.replace(/"/g, '')}-2"`;
      }
      return listed;
    },
    async head(key, signal) {
      const head = await inner.head(key, signal);
      if (head && keys.includes(key)) head.etag = `"${head.etag.replace(/"/g, '')}-2"`;
      return head;
    },
  };
}

describe('ETags that are not MD5s', () => {
  it('skips an object whose ETag is …-2 when its stored MD5 matches, and re-uploads one without', async () => {
    const files = { 'a.css': 'a{}', 'b.css': 'b{}', 'c.css': 'c{}' };
    const dir = await tree(files);
    const settings = settingsFor(server, dir);
    await deploySite(settings);
    // c.css rewritten by another tool: no handoff metadata
    await directClient(server).send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site/c.css', Body: 'c{}' }));
    server.resetCounts();
    const store = multipartEtags(createS3Store(createS3Client(settings.s3), { bucket: server.bucket }), ['site/a.css', 'site/c.css']);
    const report = await deploySite(settings, { store });
    expect(report.plan?.uploads).toEqual([{ key: 'site/c.css', reason: 'etag-unverifiable', bytes: 3 }]);
    expect(report.outputs.skipped_files).toBe(2);
    expect(server.count('HeadObject')).toBe(2);
  });

  it('stores a big file with a real multipart upload and skips it next time', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 'x');
    const dir = await tree({ 'video.mp4': big, 'index.html': 'hi' });
    const first = await deploySite(settingsFor(server, dir));
    expect(first.failure).toBeUndefined();
    expect(server.count('UploadPart')).toBe(2);
    expect(server.count('CompleteMultipartUpload')).toBe(1);
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents({ 'video.mp4': big, 'index.html': 'hi' }));
    server.resetCounts();
    const second = await deploySite(settingsFor(server, dir));
    expect(second.outputs.uploaded_files).toBe(0);
    expect(server.countByMethod('PUT')).toBe(0);
  });
});

describe('listing', () => {
  it('follows ListObjectsV2 continuation tokens', async () => {
    const files = generatedSite(4);
    const dir = await tree(files);
    const settings = settingsFor(server, dir, { parallelListing: false });
    await deploySite(settings);
    server.resetCounts();
    const store = createS3Store(createS3Client(settings.s3), { bucket: server.bucket, listPageSize: 3 });
    const report = await deploySite(settings, { store });
    expect(report.outputs).toMatchObject({ uploaded_files: 0, deleted_files: 0, skipped_files: 9 });
    expect(server.count('ListObjectsV2')).toBe(4);
    // one page after another with parallelListing off
    expect(server.requests.some((request) => request.query.has('start-after'))).toBe(false);
  });

  it('by default lists the pages after the first in ranges cut at the local keys, and still finds what only the bucket has', async () => {
    const v1 = generatedSite(6);
    const dir = await tree(v1);
    const settings = settingsFor(server, dir);
    await deploySite(settings);
    // the site loses three posts: the bucket holds 13 site files and the manifest, the tree 7
    for (const i of [1, 3, 4]) {
      await removeFile(dir, `posts/p${i}/index.html`);
      await removeFile(dir, `img/i${i}.png`);
    }
    const v2 = Object.fromEntries(Object.entries(v1).filter(([name]) => !/[pi][134]\b/.test(name)));
    server.resetCounts();
    const store = createS3Store(createS3Client(settings.s3), { bucket: server.bucket, listPageSize: 3 });
    const report = await deploySite(settings, { store });
    expect(report.outputs).toMatchObject({ uploaded_files: 0, deleted_files: 6, skipped_files: 7 });
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents(v2));
    const listings = server.requests.filter((request) => s3Operation(request) === 'ListObjectsV2');
    // the first page from the start, every later range from a key of the tree
    expect(listings[0]!.query.get('start-after')).toBeNull();
    const starts = listings.flatMap((request) => request.query.get('start-after') ?? []);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (const start of starts) expect(Object.keys(v1).map((name) => `site/${name}`)).toContain(start);
  });
});

describe('faults', () => {
  it('converges through 503 SlowDown and connection resets, deleting only after all uploads', async () => {
    const v1 = generatedSite(15, 1);
    const dir = await tree(v1);
    await deploySite(settingsFor(server, dir));
    const v2 = generatedSite(12, 2);
    for (let i = 12; i < 15; i++) {
      await removeFile(dir, `posts/p${i}/index.html`);
      await removeFile(dir, `img/i${i}.png`);
    }
    await writeFiles(dir, v2);

    const faults = await startFaultProxy({ target: server.endpoint, seed: 42, rate: 0.2, kinds: ['slowdown', 'reset', 'reset-after'] });
    cleanups.push(() => faults.stop());
    server.resetCounts();
    const settings = settingsFor(server, dir, { s3: s3Settings(server, faults.endpoint), concurrency: 4 });
    let report = await deploySite(settings);
    if (!report.outputs.deployment_success) report = await deploySite(settings);

    expect(faults.faults.slowdown + faults.faults.reset + faults.faults['reset-after']).toBeGreaterThan(3);
    expect(report.failure).toBeUndefined();
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents(v2));

    const log = server.requests;
    const firstDelete = log.findIndex((r) => s3Operation(r) === 'DeleteObjects');
    const lastSitePut = log.reduce(
      (last, r, i) => (s3Operation(r) === 'PutObject' && !r.path.endsWith('.handoff-manifest.json.gz') ? i : last),
      -1,
    );
    expect(firstDelete).toBeGreaterThan(lastSitePut);
  });

  it('a deploy aborted midway converges on the next run', async () => {
    const v1 = generatedSite(10, 1);
    const dir = await tree(v1);
    await deploySite(settingsFor(server, dir));
    await writeFiles(dir, generatedSite(10, 2));
    await removeFile(dir, 'img/i9.png');

    const settings = settingsFor(server, dir, { concurrency: 2 });
    const controller = new AbortController();
    const real = createS3Store(createS3Client(settings.s3), { bucket: server.bucket });
    let puts = 0;
    const store: S3Store = {
      ...real,
      async put(key, file, signal) {
        const out = await real.put(key, file, signal);
        if (++puts === 4) controller.abort(new Error('killed'));
        return out;
      },
    };
    server.resetCounts();
    const killed = await deploySite(settings, { store, signal: controller.signal });
    expect(killed.outputs.deployment_success).toBe(false);
    expect(killed.failure?.phase).toBe('upload');
    expect(killed.outputs.uploaded_files).toBeGreaterThanOrEqual(4);
    expect(killed.outputs.uploaded_files).toBeLessThan(11);
    expect(server.count('DeleteObjects')).toBe(0);

    const rerun = await deploySite(settings);
    expect(rerun.failure).toBeUndefined();
    // 11 files changed; one in flight at the abort may have landed without being counted
    expect(rerun.outputs.uploaded_files).toBeLessThanOrEqual(11 - killed.outputs.uploaded_files);
    expect(rerun.outputs.uploaded_files + killed.outputs.uploaded_files).toBeGreaterThanOrEqual(10);
    expect(rerun.outputs.deleted_files).toBe(1);
    const expected = generatedSite(10, 2);
    delete expected['img/i9.png'];
    expect(withoutManifest(await bucketContents(server))).toEqual(expectedContents(expected));
  });

  it('an unreachable endpoint fails in the list phase with ECONNREFUSED', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dir = await tree({ 'index.html': 'hi' });
    const report = await deploySite(
      settingsFor(server, dir, { s3: { ...s3Settings(server, `http://127.0.0.1:${port}`), maxAttempts: 2 } }),
    );
    expect(report.outputs.deployment_success).toBe(false);
    expect(report.failure).toMatchObject({ phase: 'list', code: 'ECONNREFUSED' });
    expect(report.summary).toMatch(/^deploy failed in list: /);
  });

  it('access denied fails with the AWS error name preserved', async () => {
    const denied = await startAccessDeniedProxy();
    cleanups.push(() => denied.stop());
    const dir = await tree({ 'index.html': 'hi' });
    const report = await deploySite(settingsFor(server, dir, { s3: s3Settings(server, denied.endpoint) }));
    expect(report.failure).toMatchObject({ phase: 'list', name: 'AccessDenied', code: 'AccessDenied', httpStatus: 403 });
    expect(report.failure?.message).toBe('Access Denied');
  });

  it('a denied upload stops the deploy quickly and deletes nothing', async () => {
    const dir = await tree(generatedSite(20));
    await directClient(server).send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site/old.html', Body: 'x' }));
    const proxy = await startProxy({
      target: server.endpoint,
      decide: (req) =>
        req.method === 'PUT'
          ? { kind: 'respond', status: 403, body: s3ErrorXml('AccessDenied', 'Access Denied') }
          : { kind: 'forward' },
    });
    cleanups.push(() => proxy.stop());
    const report = await deploySite(settingsFor(server, dir, { s3: s3Settings(server, proxy.endpoint), concurrency: 4 }));
    expect(report.failure).toMatchObject({ phase: 'upload', code: 'AccessDenied' });
    expect(report.failure?.key).toMatch(/^site\//);
    expect(proxy.requests.filter((r) => r.method === 'PUT').length).toBeLessThanOrEqual(4);
    expect(proxy.requests.some((r) => r.query.has('delete'))).toBe(false);
  });

  it('goes on comparing by listing when object reads are forbidden', async () => {
    const dir = await tree({ 'index.html': 'hi', 'a.css': 'a{}' });
    await deploySite(settingsFor(server, dir));
    await writeFiles(dir, { 'a.css': 'b{}' });
    const proxy = await startProxy({
      target: server.endpoint,
      decide: (req) =>
        (req.method === 'GET' || req.method === 'HEAD') && !req.url?.includes('list-type')
          ? { kind: 'respond', status: 403, body: req.method === 'HEAD' ? '' : s3ErrorXml('AccessDenied', 'Access Denied') }
          : { kind: 'forward' },
    });
    cleanups.push(() => proxy.stop());
    const report = await deploySite(settingsFor(server, dir, { s3: s3Settings(server, proxy.endpoint) }));
    expect(report.failure).toBeUndefined();
    expect(report.plan?.uploads).toEqual([{ key: 'site/a.css', reason: 'content-changed', bytes: 3 }]);
    expect(report.warnings.join('\n')).toMatch(/manifest cannot be read/);
    expect(report.warnings.join('\n')).toMatch(/2 objects could not be inspected/);
  });

  it('sends DeleteObjects as its own signed request: a SlowDown is retried like any other, and keys XML must escape are deleted', async () => {
    const dir = await tree({ 'index.html': 'hi' });
    const client = directClient(server);
    const awkward = ['site/a&b.html', 'site/<x> "y".html', "site/it's ü.html"];
    for (const key of awkward) await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: 'x' }));
    const deleteRequests: string[] = [];
    const proxy = await startProxy({
      target: server.endpoint,
      decide: (req) => {
        if (req.method !== 'POST' || !req.url?.includes('delete')) return { kind: 'forward' };
        deleteRequests.push(req.url);
        return deleteRequests.length === 1 ? { kind: 'respond', status: 503, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') } : { kind: 'forward' };
      },
    });
    cleanups.push(() => proxy.stop());
    const report = await deploySite(settingsFor(server, dir, { s3: s3Settings(server, proxy.endpoint) }));
    expect(report.failure).toBeUndefined();
    expect(deleteRequests).toHaveLength(2);
    expect(report.outputs.deleted_files).toBe(3);
    expect(Object.keys(await bucketContents(server, 'site/')).filter((key) => awkward.includes(key))).toEqual([]);
  });

  it('reports per-key DeleteObjects errors', async () => {
    const dir = await tree({ 'index.html': 'hi' });
    const client = directClient(server);
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site/a.html', Body: 'a' }));
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site/b.html', Body: 'b' }));
    const proxy = await startProxy({
      target: server.endpoint,
      decide: (req) =>
        req.method === 'POST' && req.url?.includes('delete')
          ? {
              kind: 'respond',
              status: 200,
              body:
                '<?xml version="1.0" encoding="UTF-8"?><DeleteResult><Deleted><Key>site/a.html</Key></Deleted>' +
                '<Error><Key>site/b.html</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>',
            }
          : { kind: 'forward' },
    });
    cleanups.push(() => proxy.stop());
    const report = await deploySite(settingsFor(server, dir, { s3: s3Settings(server, proxy.endpoint) }));
    expect(report.failure).toMatchObject({ phase: 'delete', code: 'AccessDenied', key: 'site/b.html' });
    expect(report.failure?.message).toContain('1 of 2 deletes failed');
    expect(report.outputs.deleted_files).toBe(1);
  });
});
