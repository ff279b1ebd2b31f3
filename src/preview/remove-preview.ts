import { describeAwsError } from '../deploy/aws-error.js';
import type { S3Store } from '../deploy/s3-store.js';

export interface RemovalReport {
  prefix: string;
  /** Objects found under the prefix. */
  found: number;
  deleted: number;
  /** Set when more objects were found than the guard allows: nothing was deleted. */
  refused?: { count: number; limit: number };
  /** Keys S3 refused one by one, and a failed listing or request. */
  errors: string[];
}

/**
 * Deletes every object under one preview's prefix, and nothing outside it: the prefix must be a
 * folder (`previews/<slug>/`), and each listed key is checked to start with it. Past `maxDeletes`
 * objects it deletes nothing and says so (the same fail-closed guard as a deploy's deletes).
 */
export async function removePreviewObjects(store: S3Store, prefix: string, maxDeletes: number, signal?: AbortSignal): Promise<RemovalReport> {
  if (!/^(?:[^/]+\/){2,}$/.test(prefix) || prefix.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new Error(`refusing to remove '${prefix}': expected a preview folder such as previews/<slug>/`);
  }
  const report: RemovalReport = { prefix, found: 0, deleted: 0, errors: [] };
  let keys: string[];
  try {
    keys = [...(await store.list(prefix, signal)).keys()].filter((key) => key.startsWith(prefix));
  } catch (error) {
    report.errors.push(`listing ${prefix} failed: ${describeAwsError(error).message}`);
    return report;
  }
  report.found = keys.length;
  if (keys.length > maxDeletes) {
    report.refused = { count: keys.length, limit: maxDeletes };
    return report;
  }
  if (keys.length === 0) return report;
  try {
    const result = await store.deleteBatch(keys, signal);
    report.deleted = result.deleted.length;
    report.errors.push(...result.errors.map((failure) => `${failure.key}: ${failure.error.message}`));
  } catch (error) {
    report.errors.push(`deleting under ${prefix} failed: ${describeAwsError(error).message}`);
  }
  return report;
}
