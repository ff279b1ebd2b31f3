import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { DEFAULT_CONCURRENCY } from './concurrency.js';
import { measureBody, measurePlainSync } from '../files/file-body.js';
import { headersFingerprint, type HeaderResolver, type ObjectHeaders } from './headers.js';
import { compareStrings, type LocalFile } from './plan.js';
import type { FileMeasures, TreeMeasure } from '../files/tree-digest.js';
import { monotonicClock } from '../clock.js';

export interface ScanOptions {
  resolveHeaders: HeaderResolver;
  /** Relative paths to leave out (and, in the plan, to leave alone in the bucket). */
  exclude?: (relativePath: string) => boolean;
  /** Files hashed at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /**
   * Sizes and MD5s of the files measured moments before (the build's tree digest), by relative
   * path: a file stored as it is and found here is not read again.
   */
  measured?: FileMeasures;
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
  /** Where a file reached through a symlink (to a file inside the root) really is. */
  target?: string;
}

export interface LocalListing {
  /** The root's real path ending in a separator: a found file without a target is `root + relativePath`. */
  root: string;
  /** In walk order; measureFiles sorts. */
  files: FoundFile[];
  /** Sorted by path. */
  ignored: IgnoredEntry[];
}

/**
 * A measured file. Its absolute path is made when the file is read (hashed, uploaded) rather
 * than kept: at 50,000 files the absolute paths held for the whole deploy were 5-7 MB, the
 * largest part of a file's record. All fields are set in the constructor, in one order, so
 * every record has the same hidden class and keeps its fields in the object itself.
 */
class BuildFile implements LocalFile {
  constructor(
    private readonly root: string,
    readonly path: string,
    private readonly target: string | undefined,
    readonly headers: ObjectHeaders,
    readonly headersHash: string,
    readonly size: number,
    readonly md5: string,
    readonly bodySize: number,
    readonly bodyMd5: string,
  ) {}

  get absolutePath(): string {
    return sourcePath(this.root, this.path, this.target);
  }
}

/** Where a found file is read from: relative paths use `/`, which the platform's may not. */
function sourcePath(root: string, relativePath: string, target: string | undefined): string {
  return target ?? root + (path.sep === '/' ? relativePath : relativePath.replaceAll('/', path.sep));
}

/**
 * Walks the build output and describes each file as it will be stored (headers, size and MD5 of
 * the stored bytes). Symlinks are followed only to files inside the root: a link out of it could
 * publish anything on the machine, and a linked directory could loop.
 */
export async function scanLocalTree(root: string, options: ScanOptions): Promise<LocalTree> {
  const listing = await listLocalFiles(root, options.exclude);
  const files = await measureFiles(listing, options);
  return { files, ignored: listing.ignored };
}

/**
 * The walk alone: which files the build output has, without reading any, so that a missing or
 * empty build fails before a request is sent. Directory reads are synchronous: a site has a
 * directory per page, and thousands of awaited readdir calls cost more than the reads.
 */
export async function listLocalFiles(
  root: string,
  exclude?: (relativePath: string) => boolean,
  /** Directories read moments before (the build's tree digest), by absolute path: not read again. */
  directories?: TreeMeasure['directories'],
): Promise<LocalListing> {
  const rootReal = realpathSync(root);
  if (!statSync(rootReal).isDirectory()) throw new Error(`build output '${root}' is not a directory`);
  const files: FoundFile[] = [];
  const ignored: IgnoredEntry[] = [];
  walk(rootReal, rootReal, '', files, ignored, exclude, directories);
  ignored.sort((a, b) => compareStrings(a.path, b.path));
  return { root: rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep, files, ignored };
}

/** Leaves the event loop to network replies (a listing running meanwhile) this often, in ms. */
const YIELD_EVERY_MS = 8;

/**
 * Measures found files: size and MD5 of the stored bytes, headers and their fingerprint. Files
 * stored as they are and small enough to read whole are read synchronously, in slices that
 * leave the event loop between them, so a listing sent before still makes progress; gzipped and
 * large files go through the streaming path with bounded concurrency, so memory stays bounded.
 */
export async function measureFiles(listing: Pick<LocalListing, 'root' | 'files'>, options: ScanOptions): Promise<LocalFile[]> {
  const { root } = listing;
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
  let sliceStart = monotonicClock();
  for (const found of listing.files) {
    const { relativePath, target } = found;
    const { headers, headersHash } = withFingerprint(options.resolveHeaders(relativePath));
    const known = target === undefined ? options.measured?.get(relativePath) : undefined;
    const measure =
      headers.contentEncoding === 'gzip' ? undefined : known ? { size: known.size, md5: known.md5, bodySize: known.size, bodyMd5: known.md5 } : measurePlainSync(sourcePath(root, relativePath, target));
    if (measure) {
      files.push(new BuildFile(root, relativePath, target, headers, headersHash, measure.size, measure.md5, measure.bodySize, measure.bodyMd5));
    } else {
      streamed.push({ found, headers });
    }
    if (monotonicClock() - sliceStart > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = monotonicClock();
    }
  }

  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  files.push(
    ...(await Promise.all(
      streamed.map(({ found: { relativePath, target }, headers }) =>
        limit(async (): Promise<LocalFile> => {
          const m = await measureBody({ absolutePath: sourcePath(root, relativePath, target), gzip: headers.contentEncoding === 'gzip' });
          return new BuildFile(root, relativePath, target, headers, withFingerprint(headers).headersHash, m.size, m.md5, m.bodySize, m.bodyMd5);
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
  known: TreeMeasure['directories'] | undefined,
): void {
  const entries: Dirent[] = known?.get(dir) ?? readdirSync(dir, { withFileTypes: true });
  const dirPrefix = dir.endsWith(path.sep) ? dir : dir + path.sep; // a root of `/` already ends in one
  for (const entry of entries) {
    // Joined with Array.join, not `+` (a rope that, once flattened by the first compare or hash,
    // keeps a 32-byte wrapper beside the flat text for every file of the site), nor path.join
    // (both parts are already normal, and it normalises each time).
    const relativePath = [relativeDir, entry.name].join('');
    if (exclude?.(relativePath)) {
      ignored.push({ path: relativePath, reason: 'excluded' });
      continue;
    }
    if (entry.isDirectory()) {
      walk(rootReal, dirPrefix + entry.name, `${relativePath}/`, found, ignored, exclude, known);
    } else if (entry.isFile()) {
      found.push({ relativePath });
    } else if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(dirPrefix + entry.name);
      } catch {
        ignored.push({ path: relativePath, reason: 'broken-symlink' });
        continue;
      }
      if (!target.startsWith(rootReal + path.sep)) {
        ignored.push({ path: relativePath, reason: 'symlink-outside-root' });
        continue;
      }
      const targetStat = statSync(target);
      if (targetStat.isFile()) found.push({ relativePath, target });
      else ignored.push({ path: relativePath, reason: targetStat.isDirectory() ? 'symlinked-directory' : 'not-a-file' });
    } else {
      ignored.push({ path: relativePath, reason: 'not-a-file' });
    }
  }
}
