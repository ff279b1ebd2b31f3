import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { describeAwsError, type RawAwsError } from './aws-error.js';
import { openBody, readBody } from './file-body.js';
import type { ObjectHeaders } from './headers.js';
import type { LocalFile, RemoteObject } from './plan.js';

/** Object metadata handoff writes on upload (S3 sends it as `x-amz-meta-handoff-md5` etc.). */
export const META_MD5 = 'handoff-md5';
export const META_HEADERS = 'handoff-headers';

/** What a HEAD of one object says, for objects whose listing alone cannot be compared. */
export interface ObjectHead {
  size: number;
  etag: string;
  /** x-amz-server-side-encryption of the answer (`AES256`, `aws:kms`). */
  encryption?: string;
  headers: ObjectHeaders;
  metadata: Record<string, string>;
}

export interface DeleteBatchResult {
  deleted: string[];
  /** Keys S3 refused one by one inside an otherwise successful DeleteObjects. */
  errors: { key: string; error: RawAwsError }[];
}

/**
 * The bucket as the deploy engine sees it. A few coarse methods, so tests and policies (dry run,
 * request recording, abort after N uploads) wrap it instead of branching inside the engine.
 */
export interface S3Store {
  /** Every object under the prefix, keyed by full key. */
  list(prefix: string, signal?: AbortSignal): Promise<Map<string, RemoteObject>>;
  /** Undefined when the object does not exist. */
  head(key: string, signal?: AbortSignal): Promise<ObjectHead | undefined>;
  /** Stores the file's body with its headers and handoff metadata; resolves with the new ETag. */
  /** The ETag and server-side encryption S3 answered with. */
  put(key: string, file: LocalFile, signal?: AbortSignal): Promise<{ etag?: string; encryption?: string }>;
  /** Deletes in DeleteObjects requests of at most 1000 keys. */
  deleteBatch(keys: readonly string[], signal?: AbortSignal): Promise<DeleteBatchResult>;
  /** A small object's bytes (the manifest), or undefined when it does not exist. */
  getBytes(key: string, signal?: AbortSignal): Promise<Buffer | undefined>;
  putBytes(key: string, body: Buffer, contentType: string, signal?: AbortSignal): Promise<void>;
}

export interface S3ClientSettings {
  region: string;
  /** For S3-compatible services and tests; unset for AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /**
   * WHEN_SUPPORTED adds CRC checksums (with aws-chunked bodies) to every upload; most
   * S3-compatible services reject or mis-store those, so the default with an endpoint is
   * WHEN_REQUIRED.
   */
  requestChecksumCalculation?: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';
  /** Attempts per request, retries included (default 5): throttling and resets are retried by the SDK. */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * An S3 client whose credentials come only from the SDK's default chain (environment, profile,
 * SSO, instance role): never from task or config files, which an agent writes and a repository
 * keeps.
 */
export function createS3Client(settings: S3ClientSettings): S3Client {
  const checksums = settings.requestChecksumCalculation ?? (settings.endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED');
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle ?? false,
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  });
}

export interface S3StoreOptions {
  bucket: string;
  /** Files above this many stored bytes go up as multipart uploads (default 8 MiB). */
  multipartThreshold?: number;
  /** Keys per ListObjectsV2 page; S3's maximum and default is 1000 (tests lower it to page). */
  listPageSize?: number;
  /** Sent on every upload (`AES256` or `aws:kms`); unset leaves the bucket default. */
  serverSideEncryption?: 'AES256' | 'aws:kms';
}

export const DEFAULT_MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const MIN_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
const DELETE_BATCH = 1000;

export function createS3Store(client: S3Client, options: S3StoreOptions): S3Store {
  const { bucket } = options;
  const threshold = options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD;
  const sse = options.serverSideEncryption ? { ServerSideEncryption: options.serverSideEncryption } : {};

  return {
    async list(prefix, signal) {
      const objects = new Map<string, RemoteObject>();
      const pages = paginateListObjectsV2(
        { client, ...(options.listPageSize ? { pageSize: options.listPageSize } : {}) },
        { Bucket: bucket, Prefix: prefix },
      );
      for await (const page of pages) {
        signal?.throwIfAborted();
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined) continue;
          const object: RemoteObject = { key: item.Key, size: item.Size ?? 0, etag: item.ETag ?? '' };
          if (item.LastModified) object.lastModified = item.LastModified;
          objects.set(item.Key, object);
        }
      }
      return objects;
    },

    async head(key, signal) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        const headers: ObjectHeaders = { contentType: out.ContentType ?? '', cacheControl: out.CacheControl ?? '' };
        if (out.ContentEncoding) headers.contentEncoding = out.ContentEncoding;
        return { size: out.ContentLength ?? 0, etag: out.ETag ?? '', headers, metadata: out.Metadata ?? {}, ...(out.ServerSideEncryption ? { encryption: out.ServerSideEncryption } : {}) };
      } catch (error) {
        if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw error;
      }
    },

    async put(key, file, signal) {
      const gzip = file.headers.contentEncoding === 'gzip';
      const params = {
        Bucket: bucket,
        Key: key,
        ContentType: file.headers.contentType,
        CacheControl: file.headers.cacheControl,
        ...(gzip ? { ContentEncoding: 'gzip' } : {}),
        Metadata: { [META_MD5]: file.bodyMd5, [META_HEADERS]: file.headersHash },
        ...sse,
      };
      if (file.bodySize <= threshold) {
        const body = await readBody({ absolutePath: file.absolutePath, gzip });
        const out = await client.send(
          new PutObjectCommand({
            ...params,
            Body: body,
            ContentLength: body.length,
            ContentMD5: Buffer.from(file.bodyMd5, 'hex').toString('base64'),
          }),
          { abortSignal: signal },
        );
        return putAnswer(out);
      }
      // lib-storage loads only for the rare file above the multipart threshold
      const { Upload } = await import('@aws-sdk/lib-storage');
      const upload = new Upload({
        client,
        params: { ...params, Body: openBody({ absolutePath: file.absolutePath, gzip }) },
        partSize: Math.max(MIN_PART_SIZE, Math.ceil(file.bodySize / MAX_PARTS)),
        queueSize: 4,
        leavePartsOnError: false,
      });
      const onAbort = () => void upload.abort().catch(() => {});
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return putAnswer(await upload.done());
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },

    async deleteBatch(keys, signal) {
      const result: DeleteBatchResult = { deleted: [], errors: [] };
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const out = await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
          { abortSignal: signal },
        );
        const failed = new Set<string>();
        for (const item of out.Errors ?? []) {
          const key = item.Key ?? '';
          failed.add(key);
          const error: RawAwsError = { message: item.Message ?? item.Code ?? 'delete failed', name: item.Code ?? 'Error' };
          if (item.Code) error.code = item.Code;
          result.errors.push({ key, error });
        }
        for (const key of batch) if (!failed.has(key)) result.deleted.push(key);
      }
      return result;
    },

    async getBytes(key, signal) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        if (!out.Body) return Buffer.alloc(0);
        return Buffer.from(await out.Body.transformToByteArray());
      } catch (error) {
        if (error instanceof NoSuchKey || describeAwsError(error).httpStatus === 404) return undefined;
        throw error;
      }
    },

    async putBytes(key, body, contentType, signal) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          CacheControl: 'no-store',
          ...sse,
        }),
        { abortSignal: signal },
      );
    },
  };
}

/** What a PUT (or completed multipart upload) answer says about the stored object. */
function putAnswer(out: { ETag?: string; ServerSideEncryption?: string }): { etag?: string; encryption?: string } {
  return { ...(out.ETag ? { etag: out.ETag } : {}), ...(out.ServerSideEncryption ? { encryption: out.ServerSideEncryption } : {}) };
}
