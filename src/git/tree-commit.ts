import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gitOutput, type Git } from './git-runner.js';

/** One change to a commit's tree. Paths are repository-relative, with forward slashes. */
export type TreeEdit =
  | { kind: 'file'; path: string; content: string }
  /** An object already in the repository, placed at a new path: a task file moved unchanged. */
  | { kind: 'blob'; path: string; blob: string }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'delete'; path: string };

export interface TreeEntry {
  mode: string;
  type: string;
  blob: string;
  path: string;
}

/**
 * Makes a commit on top of `base` from a list of edits, without touching the working tree or the
 * index: a private index is read from `base`, edited and written as a tree. Because the commit
 * is derived from `base` alone, a push race is handled by deriving it again from the new remote
 * head, and the job's checkout (with its build output and half-run state) is never reset.
 */
export async function commitEdits(git: Git, base: string, edits: readonly TreeEdit[], message: string): Promise<string> {
  const gitDir = await gitOutput(git, ['rev-parse', '--absolute-git-dir']);
  const scratch = path.join(gitDir, `handoff-${randomBytes(6).toString('hex')}`);
  await mkdir(scratch, { recursive: true });
  const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  try {
    await git(['read-tree', base], { env });
    const toHash = edits.filter((edit) => edit.kind === 'file' || edit.kind === 'symlink');
    const hashed = new Map<TreeEdit, string>();
    if (toHash.length > 0) {
      const files = await Promise.all(
        toHash.map(async (edit, index) => {
          const file = path.join(scratch, `object-${index}`);
          await writeFile(file, edit.kind === 'file' ? edit.content : edit.kind === 'symlink' ? edit.target : '');
          return file;
        }),
      );
      const shas = (await gitOutput(git, ['hash-object', '-w', '--no-filters', '--', ...files])).split('\n');
      toHash.forEach((edit, index) => hashed.set(edit, shas[index] ?? ''));
    }
    const removals = edits.filter((edit) => edit.kind === 'delete').map((edit) => edit.path);
    if (removals.length > 0) await git(['update-index', '--force-remove', '--', ...removals], { env });
    const additions = edits.flatMap((edit) => {
      switch (edit.kind) {
        case 'file':
          return ['--cacheinfo', `100644,${hashed.get(edit)},${edit.path}`];
        case 'symlink':
          return ['--cacheinfo', `120000,${hashed.get(edit)},${edit.path}`];
        case 'blob':
          return ['--cacheinfo', `100644,${edit.blob},${edit.path}`];
        default:
          return [];
      }
    });
    if (additions.length > 0) await git(['update-index', '--add', ...additions], { env });
    const tree = await gitOutput(git, ['write-tree'], { env });
    return await gitOutput(git, ['commit-tree', tree, '-p', base, '-m', message]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The entries directly inside `dir` at `commit` (not recursive), by file name. */
export async function listFolder(git: Git, commit: string, dir: string): Promise<Map<string, TreeEntry>> {
  const listed = await git(['ls-tree', '-z', commit, '--', `${dir.replace(/\/+$/, '')}/`], { allowFailure: true });
  const entries = new Map<string, TreeEntry>();
  if (listed.exitCode !== 0) return entries;
  for (const record of listed.stdout.split('\0')) {
    const entry = parseEntry(record);
    if (entry) entries.set(path.posix.basename(entry.path), entry);
  }
  return entries;
}

/** The entry at one path, or undefined when the commit has nothing there. */
export async function entryAt(git: Git, commit: string, file: string): Promise<TreeEntry | undefined> {
  const listed = await git(['ls-tree', '-z', commit, '--', file], { allowFailure: true });
  if (listed.exitCode !== 0) return undefined;
  return listed.stdout
    .split('\0')
    .map(parseEntry)
    .find((entry) => entry?.path === file);
}

/** The entries at many paths in one commit, by path (absent paths are left out); asked in batches, not one git call per path. */
export async function entriesAt(git: Git, commit: string, files: readonly string[]): Promise<Map<string, TreeEntry>> {
  const entries = new Map<string, TreeEntry>();
  for (let start = 0; start < files.length; start += 1000) {
    const listed = await git(['ls-tree', '-z', '--full-tree', commit, '--', ...files.slice(start, start + 1000)], { allowFailure: true });
    if (listed.exitCode !== 0) continue;
    for (const record of listed.stdout.split('\0')) {
      const entry = parseEntry(record);
      if (entry) entries.set(entry.path, entry);
    }
  }
  return entries;
}

/** A blob's text (a symlink's blob is its target). */
export async function readBlob(git: Git, blob: string): Promise<string> {
  return (await git(['cat-file', 'blob', blob])).stdout;
}

function parseEntry(record: string): TreeEntry | undefined {
  const match = /^(\d+) (\w+) ([0-9a-f]+)\t([\s\S]+)$/.exec(record);
  if (!match) return undefined;
  const [, mode = '', type = '', blob = '', entryPath = ''] = match;
  return { mode, type, blob, path: entryPath };
}
