import type { LocalFile } from './plan.js';
import type { S3Store } from './s3-store.js';

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
    list: (prefix, signal) => inner.list(prefix, signal),
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
