import path from 'node:path';
import { taskFolder } from '../lifecycle/task-folders.js';
import type { Git } from '../git/git-runner.js';
import { trackingRef } from '../git/push-with-retry.js';

export interface PushedRange {
  before: string;
  after: string;
  /** A new branch: there is no `before` to compare with. */
  created: boolean;
  /** The default branch a new branch is compared with (its tasks inherited from there are not new). */
  defaultBranch?: string;
}

export type PushedTasks =
  /** The task files under tasks/pending/ that the pushed commits added or changed. */
  | { kind: 'diff'; base: string; files: string[] }
  /** No usable base (a new branch, or a force push whose old head cannot be fetched): every pending task at `after`. */
  | { kind: 'all'; reason: string; files: string[] };

const PENDING = taskFolder('pending');

/**
 * Finds the task files a push added or changed by reading the commits themselves: the workflow's
 * `paths` filter looks at the first 300 changed files only, so it can start the run but cannot
 * say which tasks came in. A force push is compared from the merge base of the old and new heads,
 * so only the new line's tasks count. A new branch has no old head: its tasks are those its
 * commits added since it left the default branch (the pending tasks it inherited are the default
 * branch's to run), or all its pending tasks when that fork point is unknown.
 */
export async function pushedTaskFiles(git: Git, range: PushedRange, remote: string): Promise<PushedTasks> {
  if (range.created) {
    const forkPoint = range.defaultBranch ? await mergeBase(git, trackingRef({ remote, branch: range.defaultBranch }), range.after) : undefined;
    if (!forkPoint) return { kind: 'all', reason: 'the push created the branch', files: await pendingAt(git, range.after) };
    return { kind: 'diff', base: forkPoint, files: await pendingChanged(git, forkPoint, range.after) };
  }
  if (!(await hasCommit(git, range.before))) {
    // A shallow checkout, or a force push: the old head may still be fetchable by its id.
    await git(['fetch', '--quiet', '--no-tags', remote, range.before], { allowFailure: true });
    if (!(await hasCommit(git, range.before))) {
      return { kind: 'all', reason: `the previous head ${range.before.slice(0, 12)} is not available`, files: await pendingAt(git, range.after) };
    }
  }
  const base = await mergeBase(git, range.before, range.after);
  if (!base) return { kind: 'all', reason: 'the old and new heads share no history', files: await pendingAt(git, range.after) };
  return { kind: 'diff', base, files: await pendingChanged(git, base, range.after) };
}

async function pendingChanged(git: Git, base: string, after: string): Promise<string[]> {
  const diff = await git(['diff', '--name-only', '--no-renames', '--diff-filter=d', '-z', base, after, '--', `${PENDING}/`]);
  return diff.stdout.split('\0').filter(isPendingTaskPath).sort();
}

async function mergeBase(git: Git, a: string, b: string): Promise<string | undefined> {
  const found = await git(['merge-base', a, b], { allowFailure: true });
  return found.exitCode === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/** Every task file in tasks/pending/ at a commit. */
export async function pendingAt(git: Git, commit: string): Promise<string[]> {
  const listed = await git(['ls-tree', '-z', '--name-only', commit, '--', `${PENDING}/`], { allowFailure: true });
  return listed.stdout.split('\0').filter(isPendingTaskPath).sort();
}

function isPendingTaskPath(file: string): boolean {
  return path.posix.dirname(file) === PENDING && file.endsWith('.md');
}

async function hasCommit(git: Git, sha: string): Promise<boolean> {
  return (await git(['cat-file', '-e', `${sha}^{commit}`], { allowFailure: true })).exitCode === 0;
}
