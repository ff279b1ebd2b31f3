import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client, type S3Connection } from '../../src/deploy/s3-store.js';
import { resolveS3Target } from '../../src/deploy/target-defaults.js';
import { bucketFolderLister } from '../../src/preview/preview-store.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';

describe("the sweep's folder listing (s3rver)", () => {
  it('pages through the bucket on the engine\'s own signed requests, never the SDK client, with each folder\'s newest LastModified', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const direct = new S3Client({ region: 'us-east-1', endpoint: s3.directEndpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
    onTestFinished(() => direct.destroy());
    const keys = ['index.html', 'previews/stray.html', 'previews/a/index.html', 'previews/a/css/site.css', 'previews/b/index.html', 'previews/b/x.html', 'previews/b/y.html'];
    const before = Date.now() - 1000;
    for (const key of keys) await direct.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: key }));
    const after = Date.now() + 1000;

    const own = createS3Client(resolveS3Target({ endpoint: s3.endpoint, credentials: { ...TEST_CREDENTIALS } }));
    onTestFinished(() => own.destroy());
    const sent: string[] = [];
    const connection: S3Connection = {
      http: {
        send(request, accept) {
          sent.push(request.query?.['continuation-token'] ? 'next page' : 'first page');
          return own.http.send(request, accept);
        },
        destroy: () => own.http.destroy(),
      },
      sdkClient: () => Promise.reject(new Error('the folder listing used the SDK client')),
      destroy: () => own.destroy(),
    };
    const folders = await bucketFolderLister(connection, s3.bucket, { pageSize: 2 }).foldersUnder('previews/');
    expect(folders.map(({ prefix, name, objects }) => ({ prefix, name, objects }))).toEqual([
      { prefix: 'previews/a/', name: 'a', objects: 2 },
      { prefix: 'previews/b/', name: 'b', objects: 3 },
    ]);
    for (const folder of folders) {
      expect(folder.newest.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(folder.newest.getTime()).toBeLessThanOrEqual(after);
    }
    // Six objects under previews/, two a page.
    expect(sent).toEqual(['first page', 'next page', 'next page']);
  });
});
