import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../package-root.js';
import { startWebsiteGateway } from './website-gateway.js';

export interface LocalS3Server {
  /** The S3 API endpoint (path style). */
  endpoint: string;
  /** The bucket it serves. */
  bucket: string;
  /** The bucket prefix served as a website, ending in `/`. */
  siteUrl: string;
  /** Credentials the local server accepts (it checks none; the SDK needs some). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

/** The bucket a local run deploys to when handoff.yml names none for the environment. */
export function localDefaultBucket(environment: string): string {
  return `handoff-local-${environment}`;
}

/**
 * Starts an S3-protocol server on 127.0.0.1 (@20minutes/s3rver, in a child process) keeping its
 * objects in `directory`, so a second deploy finds the first one's objects, and a website gateway
 * in front of `bucket`/`prefix`. `stop` ends both.
 */
export async function startLocalS3(options: { directory: string; bucket: string; prefix: string }): Promise<LocalS3Server> {
  await mkdir(options.directory, { recursive: true });
  const script = path.join(packageRoot(), 'lib', 'local-s3', 's3rver-process.js');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, options.directory, options.bucket], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let port: number;
  try {
    port = await readPort(child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const gateway = await startWebsiteGateway(endpoint, options.bucket, options.prefix);
  return {
    endpoint,
    bucket: options.bucket,
    siteUrl: gateway.url,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async stop() {
      await gateway.stop();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/**
 * The port the s3rver child process (s3rver-process.ts) listens on, read from the JSON line it
 * prints once listening; rejects if it exits first or stays silent for 15 s.
 */
export function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => reject(new Error(`the local S3 server did not start in ${START_TIMEOUT_MS / 1000} s: ${stderr.trim()}`)), START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local S3 server exited (code ${code}) before it listened: ${stderr.trim()}`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        reject(new Error(`the local S3 server printed ${line} instead of its port`));
      }
    });
  });
}
