import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPort } from '../../src/local-s3/local-s3-server.js';
import { startProxy, type ProxiedRequest } from './fault-proxy.js';

// The launcher handoff ships (compiled into lib/ by the tests' global setup), so tests run the same server code as `--local-s3`.
const CHILD_SCRIPT = fileURLToPath(new URL('../../lib/local-s3/s3rver-process.js', import.meta.url));

/** The S3 operation a request was, read from its method and query the way S3 routes it. */
export type S3Operation =
  | 'PutObject'
  | 'UploadPart'
  | 'CreateMultipartUpload'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'DeleteObjects'
  | 'DeleteObject'
  | 'ListObjectsV2'
  | 'HeadObject'
  | 'GetObject'
  | 'Other';

export function s3Operation(request: Pick<ProxiedRequest, 'method' | 'path' | 'query'>): S3Operation {
  const { method, query } = request;
  const isBucket = request.path.split('/').filter(Boolean).length <= 1;
  if (method === 'PUT' && !isBucket) return query.has('uploadId') ? 'UploadPart' : 'PutObject';
  if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
  if (method === 'POST' && query.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'DELETE' && query.has('uploadId')) return 'AbortMultipartUpload';
  if (method === 'DELETE' && !isBucket) return 'DeleteObject';
  if (method === 'GET' && isBucket && query.get('list-type') === '2') return 'ListObjectsV2';
  if (method === 'HEAD' && !isBucket) return 'HeadObject';
  if (method === 'GET' && !isBucket) return 'GetObject';
  return 'Other';
}

export interface TestS3Server {
  /** The counting proxy in front of s3rver: what clients should use. */
  endpoint: string;
  /** s3rver itself, for setup that should not be counted. */
  directEndpoint: string;
  bucket: string;
  /** Every request that went through `endpoint`, in order. */
  requests: ProxiedRequest[];
  countByMethod(method: string): number;
  count(operation: S3Operation): number;
  /** Resolves once `count` requests of the operation went through `endpoint` (at once if they did). */
  untilCount(operation: S3Operation, count: number): Promise<void>;
  /** Forgets the recorded requests, so a test can count one phase. */
  resetCounts(): void;
  stop(): Promise<void>;
}

/** Client settings the tests use against s3rver (and that S3-compatible endpoints generally need). */
export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** Puts the s3rver credentials where the SDK's default chain finds them first. */
export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

/**
 * Starts s3rver in a child process (it needs `--openssl-legacy-provider` for its ListObjectsV2
 * continuation tokens) on a free port with its own temporary directory and one bucket, behind a
 * counting proxy. Each test starts its own, so test files can run in parallel.
 */
export async function startS3Server(options: { bucket?: string } = {}): Promise<TestS3Server> {
  const bucket = options.bucket ?? 'site-bucket';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'handoff-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', CHILD_SCRIPT, directory, bucket], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let port: number;
  try {
    port = await readPort(child);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const directEndpoint = `http://127.0.0.1:${port}`;
  const waiting: Array<{ operation: S3Operation; count: number; resolve: () => void }> = [];
  const count = (operation: S3Operation) => proxy.requests.filter((r) => s3Operation(r) === operation).length;
  const proxy = await startProxy({
    target: directEndpoint,
    onRequest: () => {
      for (const waiter of [...waiting]) {
        if (count(waiter.operation) < waiter.count) continue;
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
  });

  return {
    endpoint: proxy.endpoint,
    directEndpoint,
    bucket,
    requests: proxy.requests,
    countByMethod: (method) => proxy.requests.filter((r) => r.method === method).length,
    count,
    untilCount: (operation, wanted) =>
      count(operation) >= wanted ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ operation, count: wanted, resolve })),
    resetCounts: () => {
      proxy.requests.length = 0;
    },
    stop: async () => {
      await proxy.stop();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
