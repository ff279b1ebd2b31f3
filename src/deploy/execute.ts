import { describeAwsError, type RawAwsError } from './aws-error.js';
import { UPLOAD_PHASES, type SyncPlan } from './plan.js';
import { deleteBatches, type S3Store } from './s3-store.js';

export interface SyncProgress {
  phase: 'upload' | 'delete';
  /** Uploads and deletes done so far, out of all the plan has. */
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ExecuteOptions {
  /** Uploads in flight at once (the target's, resolveDeployTarget). */
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

export interface ExecuteFailure {
  phase: 'plan' | 'upload' | 'delete';
  /** The key whose request failed first. */
  key?: string;
  error: RawAwsError;
}

export interface ExecuteResult {
  /** Keys uploaded, with the ETag S3 returned, in completion order. */
  uploaded: { key: string; etag?: string; encryption?: string; bytes: number }[];
  deleted: string[];
  bytesUploaded: number;
  /** Keys S3 refused to delete one by one. */
  deleteErrors: { key: string; error: RawAwsError }[];
  /** The first failure; absent when the whole plan ran. */
  failure?: ExecuteFailure;
}

/** Body bytes in flight at most, so a wide pool of big files stays bounded in memory. */
export const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/**
 * Runs a plan: uploads through a bounded pool, one phase at a time (every asset stored before
 * the first page that may use it), then deletes, and only when every upload succeeded, so a
 * failed deploy never leaves a page pointing at a deleted file. After the first failure no new
 * upload starts: a denied or unreachable bucket fails in seconds instead of retrying every file.
 * Refuses the whole plan, writing nothing, when it deletes more than allowed.
 */
export async function executePlan(plan: SyncPlan, store: S3Store, options: ExecuteOptions): Promise<ExecuteResult> {
  const result: ExecuteResult = { uploaded: [], deleted: [], bytesUploaded: 0, deleteErrors: [] };
  if (plan.tooManyDeletes) {
    const { count, limit } = plan.tooManyDeletes;
    result.failure = {
      phase: 'plan',
      error: {
        name: 'TooManyDeletes',
        code: 'TooManyDeletes',
        message: `refusing to deploy: it would delete ${count} objects and the limit (max-deletes) is ${limit}; nothing was uploaded or deleted`,
      },
    };
    return result;
  }

  const { signal, onProgress } = options;
  const { concurrency } = options;
  const bytesInFlight = new ByteBudget(MAX_BYTES_IN_FLIGHT);
  const filesTotal = plan.uploads.length + plan.deletes.length;
  let filesDone = 0;
  const report = (phase: SyncProgress['phase']) =>
    onProgress?.({ phase, filesDone, filesTotal, bytesDone: result.bytesUploaded, bytesTotal: plan.bytesToUpload });

  const uploadOne = async (upload: SyncPlan['uploads'][number]) => {
    if (signal?.aborted) {
      result.failure = { phase: 'upload', error: describeAwsError(signal.reason ?? new Error('aborted')) };
      return;
    }
    const bytes = bytesInFlight.share(upload.file.bodySize);
    await bytesInFlight.acquire(bytes);
    try {
      if (result.failure) return;
      const { etag, encryption } = await store.put(upload.key, upload.file, signal);
      result.uploaded.push({ key: upload.key, ...(etag ? { etag } : {}), ...(encryption ? { encryption } : {}), bytes: upload.file.bodySize });
      result.bytesUploaded += upload.file.bodySize;
      filesDone++;
      report('upload');
    } catch (error) {
      result.failure ??= { phase: 'upload', key: upload.key, error: describeAwsError(error) };
    } finally {
      bytesInFlight.release(bytes);
    }
  };

  for (const phase of UPLOAD_PHASES) {
    const uploads = plan.uploads.filter((upload) => upload.phase === phase);
    // A fixed set of workers taking the next upload, rather than a task queued per file: a
    // 10k-file deploy then holds a few dozen pending promises, not ten thousand.
    let next = 0;
    const worker = async () => {
      while (next < uploads.length && !result.failure) await uploadOne(uploads[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, uploads.length) }, worker));
    if (result.failure) return result;
  }

  if (plan.deletes.length === 0) return result;
  if (signal?.aborted) {
    result.failure = { phase: 'delete', error: describeAwsError(signal.reason ?? new Error('aborted')) };
    return result;
  }
  try {
    // batch by batch, so progress moves per DeleteObjects request
    for (const batch of deleteBatches(plan.deletes)) {
      const { deleted, errors } = await store.deleteBatch(batch, signal);
      result.deleted.push(...deleted);
      result.deleteErrors.push(...errors);
      filesDone += deleted.length;
      report('delete');
    }
  } catch (error) {
    result.failure = { phase: 'delete', error: describeAwsError(error) };
    return result;
  }
  const first = result.deleteErrors[0];
  if (first) {
    result.failure = {
      phase: 'delete',
      key: first.key,
      error: {
        ...first.error,
        message: `${result.deleteErrors.length} of ${plan.deletes.length} deletes failed; first: ${first.key}: ${first.error.message}`,
      },
    };
  }
  return result;
}

/**
 * A budget of bytes shared by the uploads in flight. A body larger than the whole budget counts
 * as the whole budget, so it goes up alone instead of waiting forever.
 */
class ByteBudget {
  private used = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  share(bytes: number): number {
    return Math.min(bytes, this.max);
  }
  async acquire(bytes: number): Promise<void> {
    while (this.used > 0 && this.used + bytes > this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.used += bytes;
  }
  release(bytes: number): void {
    this.used -= bytes;
    for (const wake of this.waiting.splice(0)) wake();
  }
}
