import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../../src/deploy/concurrency.js';
import { deployOptionsFor } from '../../src/worker/deploy-options.js';
import type { Task } from '../../src/task/validate-task.js';

const task = (params: Record<string, unknown> = {}): Extract<Task, { type: 'hugo-deploy' }> => ({
  id: '2026-01-19-1430-hugo-deploy-staging',
  type: 'hugo-deploy',
  environment: 'staging',
  description: 'Deploy',
  created: '2026-01-19T14:30:00Z',
  expected_outputs: [],
  success_criteria: [],
  body: '',
  params: { site_path: 'site', base_url: 'https://staging.example.org/', ...params },
});

describe('deployOptionsFor', () => {
  it('takes where from handoff.yml and what from the task', () => {
    const result = deployOptionsFor(task({ max_deletes: 10, check_paths: ['/about/'] }), '/build', {
      bucket: 'site-staging',
      key_prefix: 'www',
      region: 'eu-west-1',
      distribution_id: 'E123',
      site_url: 'https://staging.example.org/',
    }, {});
    expect(result).toEqual({
      ok: true,
      settings: {
        sourceDir: '/build',
        bucket: 'site-staging',
        prefix: 'www',
        s3: { region: 'eu-west-1', endpoint: null, forcePathStyle: false, requestChecksumCalculation: 'WHEN_SUPPORTED', credentials: null },
        maxDeletes: 10,
        concurrency: DEFAULT_CONCURRENCY,
        parallelListing: true,
        distributionId: 'E123',
        dryRun: false,
        cloudfront: { wait: false },
        url: 'https://staging.example.org/',
        liveCheck: { paths: ['/about/'] },
      },
    });
  });

  it('uses path style and only-required checksums for an S3-compatible endpoint, and lets the machine override it', () => {
    const result = deployOptionsFor(task(), '/build', { bucket: 'b', s3_endpoint: 'https://minio.internal:9000' }, { s3Endpoint: 'http://127.0.0.1:4568', siteUrl: 'http://127.0.0.1:8080/', dryRun: true });
    expect(result.ok && result.settings).toMatchObject({
      s3: { endpoint: 'http://127.0.0.1:4568', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' },
      url: 'http://127.0.0.1:8080/',
      dryRun: true,
      maxDeletes: 256,
    });
  });

  it('takes the upload concurrency and the parallel listing from the environment', () => {
    const result = deployOptionsFor(task(), '/build', { bucket: 'b', upload_concurrency: 16, parallel_listing: false }, {});
    expect(result.ok && result.settings).toMatchObject({ concurrency: 16, parallelListing: false });
    const plain = deployOptionsFor(task(), '/build', { bucket: 'b' }, {});
    expect(plain.ok && plain.settings).toMatchObject({ concurrency: DEFAULT_CONCURRENCY, parallelListing: true });
  });

  it('skips invalidation when the task says so', () => {
    const result = deployOptionsFor(task({ invalidate: false }), '/build', { bucket: 'b', distribution_id: 'E1' }, {});
    expect(result.ok && result.settings.distributionId).toBeNull();
  });

  it('escalates, naming the setting, when the environment has no bucket', () => {
    const result = deployOptionsFor(task(), '/build', { base_url: 'https://staging.example.org/' }, {});
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('environments.staging.bucket') });
  });
});
