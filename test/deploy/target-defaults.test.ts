import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../../src/deploy/concurrency.js';
import { DEFAULT_MAX_DELETES, DEFAULT_REGION, maxDeletesOf, requestChecksumsOf, resolveDeployTarget, resolveS3Target } from '../../src/deploy/target-defaults.js';

describe('the defaults of a deploy target', () => {
  it('takes the first max-deletes limit stated, a stated 0 included, else 256', () => {
    expect(maxDeletesOf(undefined, 10)).toBe(10);
    expect(maxDeletesOf(0, 10)).toBe(0);
    expect(maxDeletesOf(undefined, undefined)).toBe(DEFAULT_MAX_DELETES);
    expect(DEFAULT_MAX_DELETES).toBe(256);
  });

  it('sends the checksums handoff.yml asks for, else only the required ones to an S3-compatible endpoint', () => {
    expect(requestChecksumsOf(undefined, undefined)).toBe('WHEN_SUPPORTED');
    expect(requestChecksumsOf(undefined, 'http://127.0.0.1:9000')).toBe('WHEN_REQUIRED');
    expect(requestChecksumsOf('when-supported', 'http://127.0.0.1:9000')).toBe('WHEN_SUPPORTED');
    expect(requestChecksumsOf('when-required', undefined)).toBe('WHEN_REQUIRED');
  });

  it('resolves a target with only its bucket stated into one where every field is decided, absences as null', () => {
    expect(resolveDeployTarget({ bucket: 'site-staging' })).toEqual({
      bucket: 'site-staging',
      prefix: '',
      s3: { region: DEFAULT_REGION, endpoint: null, forcePathStyle: false, requestChecksumCalculation: 'WHEN_SUPPORTED', credentials: null },
      maxDeletes: DEFAULT_MAX_DELETES,
      concurrency: DEFAULT_CONCURRENCY,
      parallelListing: true,
      distributionId: null,
      url: null,
    });
  });

  it('keeps what is stated, the most specific delete limit first, and treats an empty endpoint or distribution as none', () => {
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    expect(
      resolveDeployTarget({
        bucket: 'b',
        prefix: 'www',
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9000',
        checksumMode: 'when-supported',
        credentials,
        maxDeletes: [undefined, 0],
        concurrency: 8,
        parallelListing: false,
        distributionId: 'E123',
        url: 'https://staging.example.org/',
      }),
    ).toEqual({
      bucket: 'b',
      prefix: 'www',
      s3: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, requestChecksumCalculation: 'WHEN_SUPPORTED', credentials },
      maxDeletes: 0,
      concurrency: 8,
      parallelListing: false,
      distributionId: 'E123',
      url: 'https://staging.example.org/',
    });
    expect(resolveS3Target({ endpoint: '', forcePathStyle: true })).toMatchObject({ endpoint: null, forcePathStyle: true, requestChecksumCalculation: 'WHEN_SUPPORTED' });
    expect(resolveDeployTarget({ bucket: 'b', distributionId: '' }).distributionId).toBeNull();
  });
});
