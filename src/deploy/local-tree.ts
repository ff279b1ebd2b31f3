import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { DEFAULT_CONCURRENCY } from './concurrency.js';
import { measureBody, measurePlainSync } from './file-body.js';
import { headersFingerprint, type HeaderResolver, type ObjectHeaders } from './headers.js';
import { compareStrings, type LocalFile } from './plan.js';

export interface ScanOptions {
  resolveHeaders: HeaderResolver;
  /** Relative paths to leave out (and, in the plan, to leave alone in the bucket). */
  exclude?: (relativePath: string) => boolean;
  /** Files hashed at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
}

/** A directory entry that is not deployed, and why; reported so nothing is dropped silently. */
export interface IgnoredEntry {
  path: string;
  reason: 'excluded' | 'symlink-outside-root' | 'symlinked-directory' | 'not-a-file' | 'broken-symlink';
}

export interface LocalTree {
  /** Sorted by path. */
  files: LocalFile[];
  ignored: IgnoredEntry[];
}

/** A file of the build output, found by the walk and not yet read. */
export interface FoundFile {
  relativePath: string;
  absolutePath: string;
}

export interface LocalListing {
  /** In walk order; measureFiles sorts. */
  files: FoundFile[];
  /** Sorted by path. */
  ignored: IgnoredEntry[];
}

/**
 * Walks the build output and describes each file as it will be stored (headers, size and MD5 of
 * the stored bytes). Symlinks are followed only to files inside the root: a link out of it could
 * publish anything on the machine, and a linked directory could loop.
 */
export async function scanLocalTree(root: string, options: ScanOptions): Promise<LocalTree> {
  const listing = await listLocalFiles(root, options.exclude);
  const files = await measureFiles(listing.files, options);
  return { files, ignored: listing.ignored };
}

/**
 * The walk alone: which files the build output has, without reading any, so that a missing or
 * empty build fails before a request is sent. Directory reads are synchronous: a site has a
 * directory per page, and thousands of awaited readdir calls cost more than the reads.
 */
export async function listLocalFiles(root: string, exclude?: (relativePath: string) => boolean): Promise<LocalListing> {
  const rootReal = realpathSync(root);
  if (!statSync(rootReal).isDirectory()) throw new Error(`build output '${root}' is not a directory`);
  const files: FoundFile[] = [];
  const ignored: IgnoredEntry[] = [];
  walk(rootReal, rootReal, '', files, ignored, exclude);
  ignored.sort((a, b) => compareStrings(a.path, b.path));
  return { files, ignored };
}

/** Leaves the event loop to network replies (a listing running meanwhile) this often, in ms. */
const YIELD_EVERY_MS = 8;

/**
 * Measures found files: size and MD5 of the stored bytes, headers and their fingerprint. Files
 * stored as they are and small enough to read whole are read synchronously, in slices that
 * leave the event loop between them, so a listing sent before still makes progress; gzipped and
 * large files go through the streaming path with bounded concurrency, so memory stays bounded.
 */
export async function measureFiles(found: readonly FoundFile[], options: ScanOptions): Promise<LocalFile[]> {
  // Files with equal headers share one headers object and its fingerprint: a site has a
  // handful of distinct header sets and tens of thousands of files.
  const shared = new Map<string, { headers: ObjectHeaders; headersHash: string }>();
  const withFingerprint = (headers: ObjectHeaders) => {
    const text = `${headers.contentType}\n${headers.cacheControl}\n${headers.contentEncoding ?? ''}`;
    let entry = shared.get(text);
    if (entry === undefined) {
      entry = { headers, headersHash: headersFingerprint(headers) };
      shared.set(text, entry);
    }
    return entry;
  };

  const files: LocalFile[] = [];
  const streamed: { found: FoundFile; headers: ObjectHeaders }[] = [];
  let sliceStart = performance.now();
  for (const { relativePath, absolutePath } of found) {
    const { headers, headersHash } = withFingerprint(options.resolveHeaders(relativePath));
    const measure = headers.contentEncoding === 'gzip' ? undefined : measurePlainSync(absolutePath);
    if (measure) {
      files.push({ path: relativePath, absolutePath, headers, headersHash, ...measure });
    } else {
      streamed.push({ found: { relativePath, absolutePath }, headers });
    }
    if (performance.now() - sliceStart > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }

  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  files.push(
    ...(await Promise.all(
      streamed.map(({ found: { relativePath, absolutePath }, headers }) =>
        limit(async (): Promise<LocalFile> => {
          const measure = await measureBody({ absolutePath, gzip: headers.contentEncoding === 'gzip' });
          return { path: relativePath, absolutePath, headers, headersHash: withFingerprint(headers).headersHash, ...measure };
        }),
      ),
    )),
  );
  files.sort((a, b) => compareStrings(a.path, b.path));
  return files;
}

function walk(
  rootReal: string,
  dir: string,
  relativeDir: string,
  found: FoundFile[],
  ignored: IgnoredEntry[],
  exclude: ((relativePath: string) => boolean) | undefined,
): void {
  const entries: Dirent[] = readdirSync(dir, { withFileTypes: true });
  const dirPrefix = dir.endsWith(path.sep) ? dir : dir + path.sep; // a root of `/` already ends in one
  for (const entry of entries) {
    // concatenated, not path.join: both parts are already normal, and join normalises each time
    const absolutePath = dirPrefix + entry.name;
    const relativePath = relativeDir + entry.name;
    if (exclude?.(relativePath)) {
      ignored.push({ path: relativePath, reason: 'excluded' });
      continue;
    }
    if (entry.isDirectory()) {
      walk(rootReal, absolutePath, `${relativePath}/`, found, ignored, exclude);
    } else if (entry.isFile()) {
      found.push({ relativePath, absolutePath });
    } else if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(absolutePath);
      } catch {
        ignored.push({ path: relativePath, reason: 'broken-symlink' });
        continue;
      }
      if (!target.startsWith(rootReal + path.sep)) {
        ignored.push({ path: relativePath, reason: 'symlink-outside-root' });
        continue;
      }
      const targetStat = statSync(target);
      if (targetStat.isFile()) found.push({ relativePath, absolutePath: target });
      else ignored.push({ path: relativePath, reason: targetStat.isDirectory() ? 'symlinked-directory' : 'not-a-file' });
    } else {
      ignored.push({ path: relativePath, reason: 'not-a-file' });
    }
  }
}
