import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DELETES, maxDeletesOf, requestChecksumsOf } from '../../src/deploy/target-defaults.js';

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
});
