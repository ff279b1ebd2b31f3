import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { measureBody } from './file-body.js';
import { headersFingerprint, type HeaderResolver } from './headers.js';
import { compareStrings, type LocalFile } from './plan.js';

export interface ScanOptions {
  resolveHeaders: HeaderResolver;
  /** Relative paths to leave out (and, in the plan, to leave alone in the bucket). */
  exclude?: (relativePath: string) => boolean;
  /** Files hashed at once (default 16). */
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

/**
 * Walks the build output and describes each file as it will be stored (headers, size and MD5 of
 * the stored bytes), reading files as streams with bounded concurrency so a large tree or a large
 * file never has to fit in memory. Symlinks are followed only to files inside the root: a link
 * out of it could publish anything on the machine, and a linked directory could loop.
 */
export async function scanLocalTree(root: string, options: ScanOptions): Promise<LocalTree> {
  const rootReal = await realpath(root);
  const rootStat = await stat(rootReal);
  if (!rootStat.isDirectory()) throw new Error(`build output '${root}' is not a directory`);

  const found: { relativePath: string; absolutePath: string }[] = [];
  const ignored: IgnoredEntry[] = [];
  await walk(rootReal, rootReal, found, ignored, options.exclude);

  const limit = pLimit(options.concurrency ?? 16);
  const files = await Promise.all(
    found.map(({ relativePath, absolutePath }) =>
      limit(async (): Promise<LocalFile> => {
        const headers = options.resolveHeaders(relativePath);
        const measure = await measureBody({ absolutePath, gzip: headers.contentEncoding === 'gzip' });
        return { path: relativePath, absolutePath, headers, headersHash: headersFingerprint(headers), ...measure };
      }),
    ),
  );
  files.sort((a, b) => compareStrings(a.path, b.path));
  ignored.sort((a, b) => compareStrings(a.path, b.path));
  return { files, ignored };
}

async function walk(
  rootReal: string,
  dir: string,
  found: { relativePath: string; absolutePath: string }[],
  ignored: IgnoredEntry[],
  exclude: ((relativePath: string) => boolean) | undefined,
): Promise<void> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const absolutePath = path.join(dir, entry.name);
    const relativePath = path.relative(rootReal, absolutePath).split(path.sep).join('/');
    if (exclude?.(relativePath)) {
      ignored.push({ path: relativePath, reason: 'excluded' });
      continue;
    }
    if (entry.isDirectory()) {
      await walk(rootReal, absolutePath, found, ignored, exclude);
    } else if (entry.isFile()) {
      found.push({ relativePath, absolutePath });
    } else if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(absolutePath);
      } catch {
        ignored.push({ path: relativePath, reason: 'broken-symlink' });
        continue;
      }
      if (!target.startsWith(rootReal + path.sep)) {
        ignored.push({ path: relativePath, reason: 'symlink-outside-root' });
        continue;
      }
      const targetStat = await stat(target);
      if (targetStat.isFile()) found.push({ relativePath, absolutePath: target });
      else ignored.push({ path: relativePath, reason: targetStat.isDirectory() ? 'symlinked-directory' : 'not-a-file' });
    } else {
      ignored.push({ path: relativePath, reason: 'not-a-file' });
    }
  }
}
