import type { CdnInvalidator } from './cloudfront.js';
import type { LocalFile } from './plan.js';
import type { S3Store } from './s3-store.js';

/**
 * Dry run as wrappers: the deploy composes these in place of its real parts and then runs the
 * same pipeline, with no branch of its own, as bep/s3deploy does.
 */

/** What a dry run would have written. */
export interface RecordedWrites {
  puts: string[];
  deletes: string[];
}

/**
 * A store that reads through to the real bucket and records writes instead of sending them, as
 * bep/s3deploy does: the engine runs the same code path for real and dry runs, and the dry run
 * cannot write by accident because no write reaches the inner store.
 */
export function createDryRunStore(inner: S3Store): S3Store & { recorded: RecordedWrites } {
  const recorded: RecordedWrites = { puts: [], deletes: [] };
  return {
    recorded,
    list: (prefix, signal, expectedKeys) => inner.list(prefix, signal, expectedKeys),
    head: (key, signal) => inner.head(key, signal),
    getBytes: (key, signal) => inner.getBytes(key, signal),
    async put(key: string, file: LocalFile) {
      recorded.puts.push(key);
      return { etag: `"${file.bodyMd5}"` };
    },
    async deleteBatch(keys) {
      recorded.deletes.push(...keys);
      return { deleted: [...keys], errors: [] };
    },
    async putBytes(key) {
      recorded.puts.push(key);
    },
  };
}

/** Why a dry run's invalidation was not sent (the report's reason). */
export const DRY_RUN_REASON = 'dry run';

/** An invalidator that sends nothing and answers with the paths it was given, as planned. */
export function createDryRunInvalidator(): CdnInvalidator {
  return {
    async invalidate(request) {
      return { id: '', status: 'Planned', paths: [...request.paths], callerReference: '', attempts: 0, completed: false, planned: { reason: DRY_RUN_REASON } };
    },
  };
}
