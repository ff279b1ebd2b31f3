import { createHash } from 'node:crypto';
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { measureBody, measurePlainSync } from './file-body.js';
import { monotonicClock } from '../clock.js';

/** Size and MD5 of a file's bytes, by its path relative to the tree's root (with `/`). */
export type FileMeasures = Map<string, { size: number; md5: string }>;

/** What a walk of a tree found: each directory's entries by its absolute path, and each file's measure. */
export interface TreeMeasure {
  directories: Map<string, Dirent[]>;
  files: FileMeasures;
}

/** Leaves the event loop to other work (a progress report, an MCP request) this often, in ms. */
const YIELD_EVERY_MS = 8;

/**
 * A digest of a built tree that two builds share exactly when they produced the same files:
 * sha256 over `<md5 of the file>  <relative path>\n`, paths with `/` in code-unit order. The
 * same lines `md5sum` prints, so a person can check it by hand. Symlinks are not followed.
 *
 * Files are read as the deploy reads them (measurePlainSync: one synchronous read each, which
 * for a site's many small files is several times cheaper than promise-based reads), and what was
 * found and measured is returned, so a deploy of the same tree need neither walk its thousands
 * of directories again nor read and hash its files again.
 */
export async function measuredTreeDigest(root: string): Promise<TreeMeasure & { digest: string }> {
  const files: FileMeasures = new Map();
  const directories = new Map<string, Dirent[]>();
  let sliceStart = monotonicClock();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = readdirSync(dir, { withFileTypes: true });
    directories.set(dir, entries);
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(absolute, `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        const measure = measurePlainSync(absolute) ?? (await measureBody({ absolutePath: absolute, gzip: false }));
        files.set(`${prefix}${entry.name}`, { size: measure.size, md5: measure.md5 });
        if (monotonicClock() - sliceStart > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = monotonicClock();
        }
      }
    }
  };
  await walk(root, '');
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const relative of paths) hash.update(`${files.get(relative)!.md5}  ${relative}\n`);
  return { digest: `sha256:${hash.digest('hex')}`, files, directories };
}

/** The tree's digest alone (see measuredTreeDigest). */
export async function treeDigest(root: string): Promise<string> {
  return (await measuredTreeDigest(root)).digest;
}
