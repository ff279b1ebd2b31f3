import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { openPreviewStore } from '../../src/preview/preview-store.js';
import { previewSettingsFrom } from '../../src/preview/preview-target.js';
import { removePreviewObjects } from '../../src/preview/remove-preview.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';

describe('openPreviewStore: credentials come from the edge, as every deploy gets them', () => {
  it('signs with the keys it is given while the SDK chain of this process could not answer at all', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const direct = new S3Client({ region: 'us-east-1', endpoint: s3.directEndpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
    for (const key of ['index.html', 'previews/a/index.html', 'previews/a/site.css']) await direct.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: key }));
    direct.destroy();
    const resolved = previewSettingsFrom({ environments: { dev: { bucket: s3.bucket, base_url: 'https://dev.example.org/' } } }, { requireRoleArn: false });
    expect(resolved.ok).toBe(true);
    const settings = resolved.ok ? resolved.value : (undefined as never);

    // The chain would read a profile that does not exist and fail: only the given keys can work.
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_PROFILE: 'handoff-test-no-such-profile',
      AWS_CONFIG_FILE: '/nonexistent/handoff-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/handoff-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    onTestFinished(() => {
      for (const name of ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    const withoutKeys = openPreviewStore(settings, { endpointOverride: s3.endpoint, credentials: undefined });
    const failed = await removePreviewObjects(withoutKeys.store, 'previews/a/', 10);
    withoutKeys.close();
    expect(failed.deleted).toBe(0);
    expect(failed.errors.join('\n')).toMatch(/listing previews\/a\/ failed/);

    const given = openPreviewStore(settings, { endpointOverride: s3.endpoint, credentials: { ...TEST_CREDENTIALS } });
    onTestFinished(given.close);
    expect(await removePreviewObjects(given.store, 'previews/a/', 10)).toEqual({ prefix: 'previews/a/', found: 2, deleted: 2, errors: [] });
  });
});
