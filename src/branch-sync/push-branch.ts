import { GitError, gitOutput, type Git } from '../git/git-runner.js';
import { clearUntrackedCollisions, describeConflictingUntracked } from './untracked-collisions.js';
import { DEFAULT_RETRY, fetchBranch, isRetryablePush, pushRetryOptions, trackingRef, type RemoteBranch, type RetryPolicy } from '../git/push-with-retry.js';
import { withRetries } from '../retry/retry.js';

export interface BranchPushOutcome {
  /** The commit the remote branch now points at. */
  commit: string;
  attempts: number;
  /** How many times the local commits were rebased onto a newer remote head first. */
  rebases: number;
  /** Untracked files removed because the remote brought the same ones (or a newer results/latest link). */
  cleared: string[];
}

/** Untracked files the remote also has, with other content: the rebase would have to overwrite them. */
export class UntrackedFilesInTheWayError extends Error {
  constructor(readonly target: RemoteBranch, readonly files: readonly string[]) {
    super(`nothing was pushed: ${describeConflictingUntracked(files, `${target.remote}/${target.branch}`)}`);
    this.name = 'UntrackedFilesInTheWayError';
  }
}

/** A rebase stopped on a conflict: it was aborted, the branch is as it was, a person must merge. */
export class RebaseConflictError extends Error {
  constructor(readonly target: RemoteBranch, readonly detail: string) {
    super(
      `CONFLICT: rebasing onto ${target.remote}/${target.branch} stopped on a conflict, so nothing was pushed; the rebase was aborted and your branch is as it was. ` +
        `Resolve it by hand (git pull --rebase ${target.remote} ${target.branch}), then submit again. ${detail}`.trim(),
    );
    this.name = 'RebaseConflictError';
  }
}

/**
 * Pushes the current branch (HEAD) to the remote branch; when the remote moved (the workflow
 * pushed a result, another agent a task) it fetches, rebases the local commits onto the new head
 * and tries again, with the workflow's retry policy and backoff.
 *
 * Why not pushWithRetry from src/git: it builds the pushed commit from the remote head without
 * the local branch, which suits the workflow (its checkout is throwaway) but would leave the
 * agent's branch diverged from the remote after every submit. Here the local commit itself is
 * pushed, so `git status` stays "up to date". `--autostash` keeps the user's uncommitted edits
 * out of the way of the rebase and puts them back afterwards.
 */
export async function pushBranch(git: Git, target: RemoteBranch, policy: RetryPolicy = DEFAULT_RETRY): Promise<BranchPushOutcome> {
  let rebases = 0;
  const cleared: string[] = [];
  // Marks the rejections worth another attempt; a failed fetch, a collision or a conflict is thrown at once.
  const rejected = new WeakSet<object>();
  return withRetries(
    async (attempt) => {
      if (attempt > 1) {
        await rebaseOntoRemote(git, target, cleared);
        rebases++;
      }
      const head = await gitOutput(git, ['rev-parse', '--verify', 'HEAD']);
      const pushed = await git(['push', '--porcelain', target.remote, `HEAD:refs/heads/${target.branch}`], { allowFailure: true });
      const output = `${pushed.stdout}\n${pushed.stderr}`;
      if (pushed.exitCode === 0) {
        await git(['update-ref', trackingRef(target), head], { allowFailure: true });
        return { commit: head, attempts: attempt, rebases, cleared };
      }
      const error = new GitError(['push', target.remote, `HEAD:${target.branch}`], pushed.exitCode, output);
      if (isRetryablePush(output)) rejected.add(error);
      throw error;
    },
    { attempts: policy.attempts, ...pushRetryOptions(policy), retryable: (error) => typeof error === 'object' && error !== null && rejected.has(error) },
  );
}

/** Before another attempt: the remote's new head fetched, untracked files it also brings cleared, the local commits rebased onto it. */
async function rebaseOntoRemote(git: Git, target: RemoteBranch, cleared: string[]): Promise<void> {
  const remoteHead = await fetchBranch(git, target);
  const collisions = await clearUntrackedCollisions(git, remoteHead);
  if (collisions.conflicting.length > 0) throw new UntrackedFilesInTheWayError(target, collisions.conflicting);
  cleared.push(...collisions.identical, ...collisions.replacedLinks);
  const rebased = await git(['rebase', '--autostash', '--quiet', remoteHead], { allowFailure: true });
  if (rebased.exitCode !== 0) {
    await git(['rebase', '--abort'], { allowFailure: true });
    throw new RebaseConflictError(target, `${rebased.stdout}\n${rebased.stderr}`.trim().split('\n').filter((line) => /CONFLICT|error/i.test(line)).join(' '));
  }
}
