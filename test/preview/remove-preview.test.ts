import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client, createS3Store } from '../../src/deploy/s3-store.js';
import { removePreviewObjects } from '../../src/preview/remove-preview.js';
import { bucketContents, directClient, s3Settings } from '../deploy/helpers.js';
import { startS3Server, useTestCredentials } from '../servers/s3-server.js';

describe('removePreviewObjects (s3rver)', () => {
  it('deletes one preview folder and nothing else, within the max-deletes guard', async ({ onTestFinished }) => {
    useTestCredentials();
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const keys = ['index.html', 'previews/a/index.html', 'previews/a/css/site.css', 'previews/a/.handoff-manifest.json.gz', 'previews/ab/index.html', 'previews/b/index.html', 'previews/a-index.html'];
    const direct = directClient(s3);
    for (const key of keys) await direct.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: key }));
    direct.destroy();
    const client = createS3Client(s3Settings(s3));
    onTestFinished(() => client.destroy());
    const store = createS3Store(client, { bucket: s3.bucket });

    // Three objects, a guard of two: nothing goes.
    const refused = await removePreviewObjects(store, 'previews/a/', 2);
    expect(refused).toEqual({ prefix: 'previews/a/', found: 3, deleted: 0, refused: { count: 3, limit: 2 }, errors: [] });
    expect(Object.keys(await bucketContents(s3)).sort()).toEqual([...keys].sort());

    // A guard of exactly three: they go, and only they (not previews/ab/, not previews/a-index.html).
    const removed = await removePreviewObjects(store, 'previews/a/', 3);
    expect(removed).toEqual({ prefix: 'previews/a/', found: 3, deleted: 3, errors: [] });
    expect(Object.keys(await bucketContents(s3)).sort()).toEqual(['index.html', 'previews/a-index.html', 'previews/ab/index.html', 'previews/b/index.html']);

    // Already gone: nothing to do, not an error.
    expect(await removePreviewObjects(store, 'previews/a/', 3)).toEqual({ prefix: 'previews/a/', found: 0, deleted: 0, errors: [] });
  });

  it('refuses anything but a preview folder: the bucket root, the previews folder itself, dot segments', async () => {
    const store = { list: async () => new Map(), deleteBatch: async () => ({ deleted: [], errors: [] }) } as never;
    for (const prefix of ['', '/', 'previews/', 'previews', 'previews/a', '../a/', 'previews/../', 'previews/./', 'previews//']) {
      await expect(removePreviewObjects(store, prefix, 10), prefix).rejects.toThrow(/refusing to remove/);
    }
  });
});
