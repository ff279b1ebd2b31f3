import { readFile } from 'node:fs/promises';
import { CopyObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deploySite } from '../../src/deploy/deploy.js';
import { MANIFEST_NAME, parseManifest } from '../../src/deploy/manifest.js';
import { startWebsiteGateway } from '../../src/local-s3/website-gateway.js';
import { startKmsProxy, type KmsProxy } from '../servers/kms-proxy.js';
import { startS3Server, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';
import { directClient, headObject, makeTree, removeTree, s3Settings, settingsFor } from './helpers.js';

let server: TestS3Server;
let kms: KmsProxy;
let dir: string;

beforeAll(() => useTestCredentials());
beforeEach(async () => {
  server = await startS3Server();
  kms = await startKmsProxy(server.endpoint);
  dir = await makeTree();
});
afterEach(async () => {
  await kms.stop();
  await server.stop();
  await removeTree(dir);
});

async function storedManifest() {
  const out = await directClient(server).send(new GetObjectCommand({ Bucket: server.bucket, Key: `site/${MANIFEST_NAME}` }));
  return parseManifest(Buffer.from(await out.Body!.transformToByteArray()));
}

describe('a bucket with SSE-KMS default encryption (ETags that are not MD5s)', () => {
  it('is detected from S3’s own answers and recorded, so the second deploy uploads nothing', async () => {
    const settings = settingsFor(server, dir, { s3: s3Settings(server, kms.endpoint) });
    expect(settings.serverSideEncryption).toBeUndefined();

    const first = await deploySite(settings);
    expect(first.failure).toBeUndefined();
    expect(first.outputs).toMatchObject({ uploaded_files: 8, skipped_files: 0 });
    const manifest = await storedManifest();
    expect(Object.values(manifest!.entries).map((entry) => entry.encryption)).toEqual(Array(8).fill('aws:kms'));

    server.resetCounts();
    const second = await deploySite(settings);
    expect(second.failure).toBeUndefined();
    expect(second.outputs).toMatchObject({ uploaded_files: 0, skipped_files: 8, deleted_files: 0 });
    expect(server.count('PutObject')).toBe(0);

    // An object the manifest does not know (uploaded before it, or by handoff with the manifest off)
    // is not judged by its KMS ETag either: it is HEADed, and handoff's MD5 metadata settles it.
    const noManifest = await deploySite({ ...settings, manifest: false });
    expect(noManifest.outputs).toMatchObject({ uploaded_files: 0, skipped_files: 8 });
  });

  it('a changed file is still uploaded, and only that one', async () => {
    const settings = settingsFor(server, dir, { s3: s3Settings(server, kms.endpoint) });
    await deploySite(settings);
    const { writeFiles } = await import('./helpers.js');
    await writeFiles(dir, { 'about/index.html': '<h1>abouT</h1>' });
    const report = await deploySite(settings);
    expect(report.outputs).toMatchObject({ uploaded_files: 1, skipped_files: 7 });
    expect(report.plan?.uploads.map((upload) => [upload.key, upload.reason])).toEqual([['site/about/index.html', 'content-changed']]);
  });
});

describe('--verify-headers', () => {
  it('catches headers another tool changed on an object whose bytes (and ETag) stayed the same', async () => {
    const settings = settingsFor(server, dir);
    await deploySite(settings);
    const before = await headObject(server, 'site/index.html');
    // Another tool rewrites the object's Cache-Control in place: same bytes, same ETag, same metadata.
    await directClient(server).send(
      new CopyObjectCommand({
        Bucket: server.bucket,
        Key: 'site/index.html',
        CopySource: `${server.bucket}/site/index.html`,
        MetadataDirective: 'REPLACE',
        ContentType: before.ContentType!,
        CacheControl: 'public, max-age=31536000',
        Metadata: before.Metadata!,
      }),
    );
    expect((await headObject(server, 'site/index.html')).ETag).toBe(before.ETag);

    const trusting = await deploySite(settings);
    expect(trusting.outputs).toMatchObject({ uploaded_files: 0, skipped_files: 8 });

    server.resetCounts();
    const verified = await deploySite({ ...settings, headEveryObject: true });
    expect(server.count('HeadObject')).toBe(8);
    expect(verified.plan?.uploads.map((upload) => [upload.key, upload.reason])).toEqual([['site/index.html', 'headers-changed']]);
    expect((await headObject(server, 'site/index.html')).CacheControl).toBe(before.CacheControl);
  });
});

describe('the manifest is not part of the site', () => {
  it('the local website gateway does not serve it', async () => {
    await deploySite(settingsFor(server, dir));
    const gateway = await startWebsiteGateway(server.directEndpoint, server.bucket, 'site/');
    try {
      expect((await fetch(gateway.url)).status).toBe(200);
      expect((await fetch(new URL(MANIFEST_NAME, gateway.url))).status).toBe(404);
    } finally {
      await gateway.stop();
    }
  });

  it('the shipped bucket policy denies reading it to everyone but the handoff deploy roles', async () => {
    const policy = JSON.parse(await readFile(new URL('../../aws/bucket-policy.json', import.meta.url), 'utf8')) as {
      Statement: Array<{ Effect: string; Principal: unknown; Action: string; Resource: string; Condition?: Record<string, Record<string, string>> }>;
    };
    const deny = policy.Statement.find((statement) => statement.Effect === 'Deny');
    expect(deny).toMatchObject({ Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::BUCKET_NAME/*${MANIFEST_NAME}` });
    expect(deny?.Condition?.ArnNotLike?.['aws:PrincipalArn']).toBe('arn:aws:iam::ACCOUNT_ID:role/handoff-*');
    const allow = policy.Statement.find((statement) => statement.Effect === 'Allow');
    expect(allow?.Resource).toBe('arn:aws:s3:::BUCKET_NAME/KEY_PREFIX*');
  });
});
