import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deploySite } from '../../src/deploy/deploy.js';
import { checkSite, checkLiveUrl } from '../../src/deploy/live-check.js';
import { startS3Server, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';
import { startStaticServer, type TestStaticServer } from '../servers/static-server.js';
import { makeTree, removeTree, settingsFor } from './helpers.js';

let dir: string;
let site: TestStaticServer;

beforeAll(() => useTestCredentials());
beforeEach(async () => {
  dir = await makeTree();
  site = await startStaticServer(dir);
});
afterEach(async () => {
  await site.stop();
  await removeTree(dir);
});

describe('live check', () => {
  it('reports status, content type and latency', async () => {
    const result = await checkLiveUrl(site.url);
    expect(result).toMatchObject({ url: site.url, http_status: 200, content_type: 'text/html; charset=utf-8' });
    expect(result.latency_ms).toBeGreaterThanOrEqual(0);
    expect(result.error).toBeUndefined();
  });

  it('checks extra paths against the site URL', async () => {
    const results = await checkSite(site.url, ['/about/', 'missing/']);
    expect(results.map((r) => [r.url, r.http_status])).toEqual([
      [site.url, 200],
      [`${site.url}about/`, 200],
      [`${site.url}missing/`, 404],
    ]);
  });

  it('reports a refused connection without throwing', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await checkLiveUrl(`http://127.0.0.1:${port}/`);
    expect(result).toMatchObject({ http_status: null, content_type: null, error: { code: 'ECONNREFUSED' } });
  });

  it('times out a server that never answers', async () => {
    const hang = http.createServer(() => {});
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hang.address() as AddressInfo).port;
      const result = await checkLiveUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 200 });
      expect(result).toMatchObject({ http_status: null, error: { name: 'TimeoutError' } });
    } finally {
      hang.closeAllConnections();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  });
});

describe('deploySite live check', () => {
  let s3: TestS3Server;
  beforeEach(async () => {
    s3 = await startS3Server();
  });
  afterEach(async () => {
    await s3.stop();
  });

  it('puts the live status and URL in the outputs', async () => {
    const report = await deploySite(settingsFor(s3, dir, { url: site.url, liveCheck: { paths: ['/about/'] } }));
    expect(report.failure).toBeUndefined();
    expect(report.outputs).toMatchObject({ deployment_success: true, http_status: 200, url: site.url });
    expect(report.liveCheck).toHaveLength(2);
    expect(site.requests).toEqual(expect.arrayContaining(['/', '/about/']));
  });

  it('fails the deploy when the live URL does not answer 2xx', async () => {
    const report = await deploySite(settingsFor(s3, dir, { url: `${site.url}nowhere/` }));
    expect(report.outputs).toMatchObject({ deployment_success: false, http_status: 404, uploaded_files: 8 });
    expect(report.failure).toMatchObject({ phase: 'live-check', code: 'HTTP404' });
  });
});
