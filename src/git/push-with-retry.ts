import { backoffDelayMs, sleep, withRetries, type Backoff, type RetryOptions } from '../retry/retry.js';
import { GitError, gitOutput, type Git } from './git-runner.js';
import { commitEdits, type TreeEdit } from './tree-commit.js';

export interface RemoteBranch {
  /** The remote's name in the clone (origin) or a URL/path. */
  remote: string;
  branch: string;
}

/** How hard to try before giving up; sleep and random are injectable so tests take no time. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  // Ten recorders racing for one branch need up to ten rounds in the worst case; twelve leaves
  // room for a network hiccup on top.
  attempts: 12,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  sleep: (ms) => sleep(ms),
  random: Math.random,
};

/** Equal jitter: racing pushers spread out, but none retries at once. */
const PUSH_JITTER: Backoff['jitter'] = 'equal';

/** What one attempt commits, derived from the remote head it will be pushed on top of. */
export interface DerivedChange<T> {
  edits: TreeEdit[];
  message: string;
  /** What the caller learns from this derivation (what was claimed, what was skipped). */
  value: T;
}

export interface PushOutcome<T> {
  /** The pushed commit, or undefined when the derived change was empty (nothing to do). */
  commit: string | undefined;
  /** The remote head the change was derived from. */
  base: string;
  attempts: number;
  value: T;
}

export class PushRetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`git push was still rejected after ${attempts} attempts (others kept pushing first); run the workflow again`, options);
    this.name = 'PushRetriesExhaustedError';
  }
}

/**
 * Commits a change on top of the remote branch and pushes it, retrying when someone else pushed
 * first: fetch, derive the change again from the new head (a rebase that re-decides instead of
 * replaying a patch), push; bounded attempts, jittered exponential backoff between them.
 *
 * Why not `git rebase`: replaying a claim onto a head where another run already claimed the task
 * gives an empty commit that looks like success, and two results updating results/latest/ would
 * conflict. Deriving the commit from the head decides both correctly.
 */
export async function pushWithRetry<T>(
  git: Git,
  target: RemoteBranch,
  derive: (head: string) => Promise<DerivedChange<T>>,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<PushOutcome<T>> {
  // Marks the rejections worth another attempt; a failed fetch or commit is thrown at once.
  const rejected = new WeakSet<object>();
  return withRetries(
    async (attempt) => {
      const head = await fetchBranch(git, target);
      const change = await derive(head);
      if (change.edits.length === 0) return { commit: undefined, base: head, attempts: attempt, value: change.value };
      const commit = await commitEdits(git, head, change.edits, change.message);
      const pushed = await git(['push', '--porcelain', target.remote, `${commit}:refs/heads/${target.branch}`], { allowFailure: true });
      if (pushed.exitCode === 0) {
        await git(['update-ref', trackingRef(target), commit], { allowFailure: true });
        return { commit, base: head, attempts: attempt, value: change.value };
      }
      const error = new GitError(['push', target.remote, `HEAD:${target.branch}`], pushed.exitCode, `${pushed.stdout}\n${pushed.stderr}`);
      if (isRetryablePush(`${pushed.stdout}\n${pushed.stderr}`)) rejected.add(error);
      throw error;
    },
    {
      attempts: policy.attempts,
      ...pushRetryOptions(policy),
      retryable: (error) => typeof error === 'object' && error !== null && rejected.has(error),
    },
  );
}

/** Fetches the branch into its remote-tracking ref and returns the head commit. */
export async function fetchBranch(git: Git, target: RemoteBranch): Promise<string> {
  const ref = trackingRef(target);
  await git(['fetch', '--quiet', '--no-tags', target.remote, `+refs/heads/${target.branch}:${ref}`]);
  return gitOutput(git, ['rev-parse', '--verify', `${ref}^{commit}`]);
}

/** The remote-tracking ref a branch of the remote is fetched into (a remote given as a URL or path gets a name of its own): the one rule. */
export function trackingRef(target: RemoteBranch): string {
  const remoteName = /^[A-Za-z0-9._-]+$/.test(target.remote) ? target.remote : 'handoff-remote';
  return `refs/remotes/${remoteName}/${target.branch}`;
}

/**
 * Someone else moved the branch (rejected, fetch first, a server-side ref lock lost to a
 * concurrent push) or the network blinked. A protected-branch refusal or bad credentials are not
 * retried: trying again cannot help.
 */
export function isRetryablePush(output: string): boolean {
  // Status codes need word boundaries: a commit id may hold the digits 403.
  if (/protected branch|permission to|denied|authentication failed|\b40[13]\b/i.test(output)) return false;
  return /\[rejected\]|non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref|incorrect old value|failed to lock|RPC failed|early EOF|remote end hung up|Connection (?:reset|timed out|refused)|Could not resolve host|returned error: 5\d\d|\b50[234]\b/i.test(
    output,
  );
}

/** The wait before retry `attempt` under a push policy (equal jitter; see retry.ts). */
/** The retry options of every git push: the policy's backoff with equal jitter, and what to throw when it runs out. */
export function pushRetryOptions(policy: RetryPolicy): Pick<RetryOptions, 'backoff' | 'sleep' | 'random' | 'exhausted'> {
  return {
    backoff: { baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs, jitter: PUSH_JITTER },
    sleep: policy.sleep,
    random: policy.random,
    exhausted: (error, attempts) => new PushRetriesExhaustedError(attempts, { cause: error }),
  };
}

export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  return backoffDelayMs(attempt, { baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs, jitter: PUSH_JITTER }, policy.random);
}
