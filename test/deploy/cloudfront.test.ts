import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GLOBAL_SERVICE_SIGNING_REGION } from '../../src/aws/global-service-region.js';
import { createCloudFrontInvalidator } from '../../src/deploy/cloudfront.js';
import { deploySite } from '../../src/deploy/deploy.js';
import { startCloudFrontServer, type TestCloudFrontServer } from '../servers/cloudfront-server.js';
import { startS3Server, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';
import { makeTree, removeTree, settingsFor, writeFiles } from './helpers.js';

let cloudfront: TestCloudFrontServer;
const sleeps: number[] = [];
const noSleep = async (ms: number) => {
  sleeps.push(ms);
};

beforeAll(() => useTestCredentials());
beforeEach(async () => {
  sleeps.length = 0;
  cloudfront = await startCloudFrontServer({ distributions: ['E2EXAMPLE'], completeAfterPolls: 2 });
});
afterEach(async () => {
  await cloudfront.stop();
});

describe('CloudFront invalidator (real SDK, local server)', () => {
  it('creates an invalidation and returns its id and paths', async () => {
    const invalidator = createCloudFrontInvalidator({ endpoint: cloudfront.endpoint, sleep: noSleep });
    const outcome = await invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/', '/a/b.css'] });
    expect(outcome).toMatchObject({ id: 'I0000000000001', status: 'InProgress', paths: ['/', '/a/b.css'], attempts: 1, completed: false });
    expect(outcome.callerReference).toMatch(/^handoff-/);
    expect(cloudfront.invalidations[0]?.paths).toEqual(['/', '/a/b.css']);
    // A global service: signed for AWS's one region for them, whatever region the bucket is in.
    expect(cloudfront.requests[0]?.credentialScope).toMatch(new RegExp(`^\\d{8}/${GLOBAL_SERVICE_SIGNING_REGION}/cloudfront/aws4_request$`));
  });

  it('uses a unique CallerReference per invalidation', async () => {
    const invalidator = createCloudFrontInvalidator({ endpoint: cloudfront.endpoint, sleep: noSleep });
    const a = await invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/'] });
    const b = await invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/'] });
    expect(a.callerReference).not.toBe(b.callerReference);
    expect(a.id).not.toBe(b.id);
  });

  it('retries TooManyInvalidationsInProgress and Throttling with jittered backoff, same CallerReference', async () => {
    cloudfront.failNextCreates('TooManyInvalidationsInProgress', 3);
    const invalidator = createCloudFrontInvalidator({
      endpoint: cloudfront.endpoint,
      sleep: noSleep,
      random: () => 0.5,
      baseDelayMs: 100,
      maxDelayMs: 300,
    });
    const outcome = await invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/*'] });
    expect(outcome.attempts).toBe(4);
    expect(sleeps).toEqual([50, 100, 150]);
    const refs = cloudfront.requests.filter((r) => r.method === 'POST').map((r) => /<CallerReference>(.*)<\/CallerReference>/.exec(r.body)?.[1]);
    expect(new Set(refs).size).toBe(1);

    cloudfront.failNextCreates('Throttling', 2);
    const again = await invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/x'] });
    expect(again.attempts).toBe(3);
  });

  it('gives up after maxRetries with the AWS error name', async () => {
    cloudfront.failNextCreates('TooManyInvalidationsInProgress', 10);
    const invalidator = createCloudFrontInvalidator({ endpoint: cloudfront.endpoint, sleep: noSleep, maxRetries: 2 });
    await expect(invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/'] })).rejects.toMatchObject({
      name: 'TooManyInvalidationsInProgress',
    });
    expect(cloudfront.requests).toHaveLength(3);
  });

  it('does not retry NoSuchDistribution', async () => {
    const invalidator = createCloudFrontInvalidator({ endpoint: cloudfront.endpoint, sleep: noSleep });
    await expect(invalidator.invalidate({ distributionId: 'ENOPE', paths: ['/'] })).rejects.toMatchObject({
      name: 'NoSuchDistribution',
    });
    expect(cloudfront.requests).toHaveLength(1);
  });

  it('waits for completion by polling GetInvalidation', async () => {
    const invalidator = createCloudFrontInvalidator({ endpoint: cloudfront.endpoint, sleep: noSleep, pollIntervalMs: 10 });
    const outcome = await invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/'], wait: true });
    expect(outcome).toMatchObject({ status: 'Completed', completed: true });
    expect(cloudfront.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('stops waiting at the timeout and says it is still in progress', async () => {
    let clock = 0;
    const invalidator = createCloudFrontInvalidator({
      endpoint: cloudfront.endpoint,
      pollIntervalMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const outcome = await invalidator.invalidate({ distributionId: 'E2EXAMPLE', paths: ['/'], wait: true, waitTimeoutMs: 1500 });
    expect(outcome).toMatchObject({ status: 'InProgress', completed: false });
  });
});

describe('deploySite with CloudFront', () => {
  let s3: TestS3Server;
  let dir: string;
  beforeEach(async () => {
    s3 = await startS3Server();
    dir = await makeTree();
  });
  afterEach(async () => {
    await s3.stop();
    await removeTree(dir);
  });

  it('invalidates the reduced paths of what changed and reports the id', async () => {
    const cf = { endpoint: cloudfront.endpoint, originPath: '/site' };
    const first = await deploySite(settingsFor(s3, dir, { distributionId: 'E2EXAMPLE', cloudfront: cf }), { sleep: noSleep });
    expect(first.outputs.invalidation_id).toBe('I0000000000001');
    expect(first.outputs.invalidation_paths).toEqual([
      '/',
      '/about',
      '/about/',
      '/css/main.3f2a9c1b.css',
      '/img/logo.svg',
      '/index.xml',
      '/js/app.js',
      '/posts/hello',
      '/posts/hello/',
      '/sitemap.xml',
    ]);

    await writeFiles(dir, { 'posts/hello/index.html': '<h1>hello again</h1>', 'js/app.js': 'console.log(3)' });
    const second = await deploySite(settingsFor(s3, dir, { distributionId: 'E2EXAMPLE', cloudfront: cf }), { sleep: noSleep });
    expect(second.outputs.invalidation_id).toBe('I0000000000002');
    expect(second.outputs.invalidation_paths).toEqual(['/js/app.js', '/posts/hello', '/posts/hello/']);
    expect(second.invalidation.status).toBe('created');
    expect(cloudfront.invalidations[1]?.paths).toEqual(['/js/app.js', '/posts/hello', '/posts/hello/']);
  });

  it('a dry run sends no invalidation and reports the paths it would send', async () => {
    const report = await deploySite(
      settingsFor(s3, dir, { dryRun: true, distributionId: 'E2EXAMPLE', cloudfront: { endpoint: cloudfront.endpoint, originPath: 'site' } }),
      { sleep: noSleep },
    );
    expect(report.invalidation.status).toBe('planned');
    expect(report.outputs.invalidation_id).toBeNull();
    expect(report.outputs.invalidation_paths).toContain('/posts/hello/');
    expect(cloudfront.requests).toHaveLength(0);
    expect(s3.countByMethod('PUT') + s3.count('DeleteObjects')).toBe(0);
  });

  it('skips the invalidation when nothing changed', async () => {
    const cf = { endpoint: cloudfront.endpoint };
    await deploySite(settingsFor(s3, dir, { distributionId: 'E2EXAMPLE', cloudfront: cf }), { sleep: noSleep });
    const again = await deploySite(settingsFor(s3, dir, { distributionId: 'E2EXAMPLE', cloudfront: cf }), { sleep: noSleep });
    expect(again.invalidation).toEqual({ status: 'skipped', id: null, paths: [], reason: 'nothing changed' });
    expect(cloudfront.invalidations).toHaveLength(1);
  });

  it('reports NoSuchDistribution as a failed deploy with the name preserved', async () => {
    const report = await deploySite(
      settingsFor(s3, dir, { distributionId: 'EMISSING', cloudfront: { endpoint: cloudfront.endpoint } }),
      { sleep: noSleep },
    );
    expect(report.outputs.deployment_success).toBe(false);
    expect(report.outputs.uploaded_files).toBe(8);
    expect(report.outputs.invalidation_id).toBeNull();
    expect(report.invalidation.status).toBe('failed');
    expect(report.failure).toMatchObject({ phase: 'invalidate', name: 'NoSuchDistribution', code: 'NoSuchDistribution', httpStatus: 404 });
  });

  it('retries TooManyInvalidationsInProgress during a deploy', async () => {
    cloudfront.failNextCreates('TooManyInvalidationsInProgress', 2);
    const report = await deploySite(
      settingsFor(s3, dir, { distributionId: 'E2EXAMPLE', cloudfront: { endpoint: cloudfront.endpoint, wait: true } }),
      { sleep: noSleep },
    );
    expect(report.failure).toBeUndefined();
    expect(report.invalidation).toMatchObject({ status: 'completed', id: 'I0000000000001' });
    expect(cloudfront.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });
});
