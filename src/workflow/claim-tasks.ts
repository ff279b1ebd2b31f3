import path from 'node:path';
import { taskFolder } from '../lifecycle/task-folders.js';
import type { Git } from '../git/git-runner.js';
import { pushWithRetry, DEFAULT_RETRY, type RemoteBranch, type RetryPolicy } from '../git/push-with-retry.js';
import { resultEdits, type ResultToCommit } from './result-edits.js';
import { moveTaskEdits, readTaskFolders } from '../lifecycle/task-tree.js';
import type { TreeEdit } from '../git/tree-commit.js';
import { count, SKIP_MARKER, trailerLines } from './commit-message.js';

export interface TaskToClaim {
  fileName: string;
  /** The blob that was validated; when the head holds another version, the task is skipped. */
  blob?: string;
}

export interface TaskToFail extends TaskToClaim {
  result: ResultToCommit;
}

export interface ClaimRequest {
  claim: readonly TaskToClaim[];
  /** Tasks refused before running (invalid, or a production gate): failed/ with their result. */
  fail: readonly TaskToFail[];
  /** `Key: value` lines at the end of the commit message (the run that claimed, for the sweep). */
  trailers: Readonly<Record<string, string>>;
}

export type SkipReason = 'gone' | 'changed';

export interface ClaimOutcome {
  commit: string | undefined;
  /** The remote head the claim was decided on (the commit to run from when nothing was claimed). */
  base: string;
  claimed: string[];
  failed: string[];
  /** Tasks no longer in tasks/pending/ at the head (another run took them) or changed since validated. */
  skipped: Array<{ fileName: string; reason: SkipReason }>;
  attempts: number;
}

/**
 * Claims tasks by committing their move from pending/ to in-progress/ and pushing it. Git is the
 * lock: when the push is rejected, the head is fetched and the claim derived again, so a task
 * that another run moved first is skipped, and exactly one claimer wins it.
 */
export async function claimTasks(git: Git, target: RemoteBranch, request: ClaimRequest, policy: RetryPolicy = DEFAULT_RETRY): Promise<ClaimOutcome> {
  const outcome = await pushWithRetry(
    git,
    target,
    async (head) => {
      const folders = await readTaskFolders(git, head);
      const edits: TreeEdit[] = [];
      const claimed: string[] = [];
      const failed: string[] = [];
      const skipped: ClaimOutcome['skipped'] = [];
      const available = (task: TaskToClaim): boolean => {
        const entry = folders.pending.get(task.fileName);
        if (!entry) skipped.push({ fileName: task.fileName, reason: 'gone' });
        else if (task.blob !== undefined && entry.blob !== task.blob) skipped.push({ fileName: task.fileName, reason: 'changed' });
        else return true;
        return false;
      };
      for (const task of request.claim) {
        if (!available(task)) continue;
        edits.push(...moveTaskEdits(folders, task.fileName, 'in-progress', folders.pending.get(task.fileName)?.blob));
        claimed.push(task.fileName);
      }
      const failing = request.fail.filter(available);
      for (const task of failing) {
        edits.push(...moveTaskEdits(folders, task.fileName, 'failed', folders.pending.get(task.fileName)?.blob));
        failed.push(task.fileName);
      }
      edits.push(...(await resultEdits(git, head, failing.map((task) => task.result))));
      return { edits, message: claimMessage(claimed, failed, request.trailers), value: { claimed, failed, skipped } };
    },
    policy,
  );
  return { commit: outcome.commit, base: outcome.base, attempts: outcome.attempts, ...outcome.value };
}

function claimMessage(claimed: readonly string[], failed: readonly string[], trailers: Readonly<Record<string, string>>): string {
  const parts = [claimed.length ? `claim ${count(claimed.length, 'task')}` : '', failed.length ? `fail ${count(failed.length, 'invalid task')}` : ''];
  const subject = `handoff: ${parts.filter(Boolean).join(', ')} ${SKIP_MARKER}`;
  const lines = [
    ...claimed.map((name) => `${path.posix.join(taskFolder('pending'), name)} -> ${taskFolder('in-progress')}/`),
    ...failed.map((name) => `${path.posix.join(taskFolder('pending'), name)} -> ${taskFolder('failed')}/`),
  ];
  return [subject, '', ...lines, '', ...trailerLines(trailers)].join('\n');
}
