import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, createS3Store, type S3Connection } from '../../src/deploy/s3-store.js';
import { resolveS3Target } from '../../src/deploy/target-defaults.js';
import { s3ErrorXml, startProxy } from '../servers/fault-proxy.js';
import { useTestCredentials } from '../servers/s3-server.js';

// s3rver checks SigV4 signatures unless told not to (the shared test server is told not to,
// for the SDK's sake): this one checks them, so a request signed wrongly fails here.
let server: S3rver;
let directory: string;
let endpoint: string;
const connections: S3Connection[] = [];

beforeAll(async () => {
  useTestCredentials();
  directory = await mkdtemp(path.join(os.tmpdir(), 'handoff-s3-http-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    allowMismatchedSignatures: false,
    vhostBuckets: false,
    configureBuckets: [{ name: 'strict' }],
  });
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterEach(() => {
  for (const connection of connections.splice(0)) connection.destroy();
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

function connect(url = endpoint, maxAttempts = 5) {
  const connection = createS3Client({ ...resolveS3Target({ endpoint: url }), maxAttempts }, { maxInFlight: 4 });
  connections.push(connection);
  return connection;
}

describe('signed requests of the deploy engine', () => {
  it('PUT, list, HEAD and GET pass a server that checks signatures, keys with reserved characters included', async () => {
    const store = createS3Store(connect(), { bucket: 'strict' });
    // (s3rver escapes ' and & in listings twice, so they are left out here)
    const key = 'site/a b+c!(x)*~é=;,@$/index.html';
    await store.putBytes(key, Buffer.from('hello'), 'text/html');
    const listed = await store.list('site/');
    expect([...listed.keys()]).toEqual([key]);
    expect(listed.get(key)).toMatchObject({ size: 5, etag: '"5d41402abc4b2a76b9719d911017c592"' });
    expect(await store.head(key)).toMatchObject({ size: 5, etag: '"5d41402abc4b2a76b9719d911017c592"', headers: { contentType: 'text/html', cacheControl: 'no-store' } });
    expect(String(await store.getBytes(key))).toBe('hello');
    expect(await store.head('site/missing')).toBeUndefined();
    expect(await store.getBytes('site/missing')).toBeUndefined();
  });

  it('a wrong secret is refused with the server error code preserved', async () => {
    const previous = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'wrong';
    try {
      const store = createS3Store(connect(), { bucket: 'strict' });
      await expect(store.list('site/')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = previous;
    }
  });

  it('retries SlowDown and succeeds; gives up after maxAttempts with the code preserved', async () => {
    let slowdowns = 0;
    const flaky = await startProxy({
      target: endpoint,
      decide: () => (slowdowns++ < 2 ? { kind: 'respond', status: 503, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') } : { kind: 'forward' }),
    });
    try {
      const store = createS3Store(connect(flaky.endpoint), { bucket: 'strict' });
      await store.putBytes('site/slow.txt', Buffer.from('slow'), 'text/plain');
      expect(slowdowns).toBe(3);
      slowdowns = -100;
      const once = createS3Store(connect(flaky.endpoint, 2), { bucket: 'strict' });
      await expect(once.putBytes('site/slow.txt', Buffer.from('slow'), 'text/plain')).rejects.toMatchObject({
        name: 'SlowDown',
        Code: 'SlowDown',
        $metadata: { httpStatusCode: 503 },
      });
      expect(slowdowns).toBe(-98);
    } finally {
      await flaky.stop();
    }
  });
});
