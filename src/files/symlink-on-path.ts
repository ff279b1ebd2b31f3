import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';

/** A symlink met on the way from the repository root to a file. */
export interface SymlinkOnPath {
  /** The link itself, relative to the root, with forward slashes. */
  link: string;
  /** Where it points, as stored in the link. */
  target: string;
}

/**
 * The first symlink among a path's folders and the file itself, walking down from `root`. Task
 * files must be plain files in plain folders: a link could make the worker read (and git commit)
 * a file from outside the repository. A path that leaves the root counts as a link out of it.
 */
export async function symlinkOnPath(root: string, absolutePath: string): Promise<SymlinkOnPath | undefined> {
  const relative = path.relative(root, absolutePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { link: absolutePath, target: absolutePath };
  let current = root;
  const walked: string[] = [];
  for (const part of relative.split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    walked.push(part);
    const info = await lstat(current).catch(() => undefined);
    if (!info) return undefined;
    if (info.isSymbolicLink()) return { link: walked.join('/'), target: await readlink(current).catch(() => '?') };
  }
  return undefined;
}
