import { createHash } from 'node:crypto';
import { lstat, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import { gitOutput, type Git } from '../git/git-runner.js';
import { LATEST_DIR, RESULTS_DIR } from '../result/result-paths.js';

/** Untracked files in the way of a rebase, sorted by what was done with them. */
export interface UntrackedCollisions {
  /** Byte-identical to the commit's copy: removed, the commit brings the same file back. */
  identical: string[];
  /** results/latest links pointing elsewhere than the commit's: removed, the commit's link wins (the results they pointed at stay). */
  replacedLinks: string[];
  /** Different content that only a person can choose between. */
  conflicting: string[];
}

/** Paths handed to one git command at a time, to stay far below the argument-length limit. */
const PATHS_PER_CALL = 500;

/**
 * Makes way for a rebase (or pull) onto `ref` through untracked files the commit also has: local
 * `handoff run` results and results/latest links, typically, which the workflow recorded and
 * pushed too. git refuses to overwrite any untracked file, identical or not ("untracked working
 * tree files would be overwritten"), so identical copies are removed, local latest links give way
 * to the commit's, and what really differs is reported, not touched.
 */
export async function clearUntrackedCollisions(git: Git, ref: string): Promise<UntrackedCollisions> {
  const outcome: UntrackedCollisions = { identical: [], replacedLinks: [], conflicting: [] };
  const root = await gitOutput(git, ['rev-parse', '--show-toplevel']);
  const untracked = (await git(['ls-files', '--others', '--exclude-standard', '-z'])).stdout.split('\0').filter(Boolean);
  for (let start = 0; start < untracked.length; start += PATHS_PER_CALL) {
    const chunk = untracked.slice(start, start + PATHS_PER_CALL);
    const listed = await gitOutput(git, ['ls-tree', '-r', '-z', '--full-tree', ref, '--', ...chunk.map((file) => `:(literal)${file}`)]);
    for (const entry of listed.split('\0').filter(Boolean)) {
      const match = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
      if (!match) continue;
      const [, mode, oid, file] = match as unknown as [string, string, string, string];
      const absolute = path.join(root, file);
      const local = await localBlob(git, absolute, oid.length === 64 ? 'sha256' : 'sha1');
      if (!local) continue;
      if (local.oid === oid && local.isLink === (mode === '120000')) outcome.identical.push(file);
      else if (local.isLink && file.startsWith(`${RESULTS_DIR}/${LATEST_DIR}/`)) outcome.replacedLinks.push(file);
      else outcome.conflicting.push(file);
    }
  }
  if (outcome.conflicting.length === 0) {
    for (const file of [...outcome.identical, ...outcome.replacedLinks]) await rm(path.join(root, file), { force: true });
  }
  return outcome;
}

/** The blob id git would give a working-tree file (for a symlink: its target text). */
async function localBlob(git: Git, absolute: string, hash: 'sha1' | 'sha256'): Promise<{ oid: string; isLink: boolean } | undefined> {
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return undefined;
  if (info.isSymbolicLink()) {
    // git stores a link as a blob of its target text; hash-object would follow the link instead.
    const target = Buffer.from(await readlink(absolute));
    const oid = createHash(hash).update(`blob ${target.length}\0`).update(target).digest('hex');
    return { oid, isLink: true };
  }
  if (!info.isFile()) return undefined;
  return { oid: await gitOutput(git, ['hash-object', '--', absolute]), isLink: false };
}

/** What the agent is told when untracked files differ from the commit's: which, and what to do. */
export function describeConflictingUntracked(files: readonly string[], where: string): string {
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  return `untracked here and different in ${where}: ${shown}. git will not overwrite them: move each aside (e.g. mv ${files[0]} ${files[0]}.local) or delete it if it is a local run's copy, then submit again`;
}
