import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { DeployOptions } from '../../src/deploy/deploy.js';
import { resolveDeployTarget, resolveS3Target } from '../../src/deploy/target-defaults.js';
import type { TestS3Server } from '../servers/s3-server.js';

export const DEFAULT_SITE: Record<string, string> = {
  'index.html': '<h1>home</h1>',
  'about/index.html': '<h1>about</h1>',
  'posts/hello/index.html': '<h1>hello</h1>',
  'css/main.3f2a9c1b.css': 'body{color:red}',
  'js/app.js': 'console.log(1)',
  'img/logo.svg': '<svg/>',
  'index.xml': '<rss/>',
  'sitemap.xml': '<urlset/>',
};

/** A build output in a fresh temp folder; remove it with `rm`. */
export async function makeTree(files: Record<string, string | Buffer> = DEFAULT_SITE): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'handoff-site-'));
  await writeFiles(dir, files);
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

export async function removeFile(dir: string, relative: string): Promise<void> {
  await unlink(path.join(dir, relative));
}

export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function md5(content: string | Buffer): string {
  return createHash('md5').update(content).digest('hex');
}

export function s3Settings(server: Pick<TestS3Server, 'endpoint'>, endpoint = server.endpoint): DeployOptions['s3'] {
  return { ...resolveS3Target({ endpoint }), maxAttempts: 5 };
}

/** A deploy to the test server's bucket under site/, every other target field resolved as the edges resolve it. */
export function settingsFor(server: TestS3Server, sourceDir: string, overrides: Partial<DeployOptions> = {}): DeployOptions {
  return { sourceDir, ...resolveDeployTarget({ bucket: server.bucket, prefix: 'site' }), s3: s3Settings(server), ...overrides };
}

/** A client straight to s3rver, bypassing the counting proxy, for test setup and checks. */
export function directClient(server: TestS3Server): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: server.directEndpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Key -> MD5 (from the plain ETags s3rver gives) of everything under a prefix. */
export async function bucketContents(server: TestS3Server, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const page of paginateListObjectsV2({ client: directClient(server) }, { Bucket: server.bucket, Prefix: prefix })) {
    for (const item of page.Contents ?? []) out[item.Key!] = (item.ETag ?? '').replace(/"/g, '');
  }
  return out;
}

export async function headObject(server: TestS3Server, key: string) {
  return directClient(server).send(new HeadObjectCommand({ Bucket: server.bucket, Key: key }));
}

/** What the bucket should hold for a tree deployed under `prefix` (the manifest aside). */
export function expectedContents(files: Record<string, string | Buffer>, prefix = 'site/'): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([p, c]) => [prefix + p, md5(c)]));
}

export function withoutManifest(contents: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(contents).filter(([key]) => !key.endsWith('.handoff-manifest.json.gz')));
}
