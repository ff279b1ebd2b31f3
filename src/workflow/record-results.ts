import path from 'node:path';
import { taskFolder, type TaskState } from '../lifecycle/task-folders.js';
import { count, SKIP_MARKER, trailerLines } from './commit-message.js';
import type { Git } from '../git/git-runner.js';
import { DEFAULT_RETRY, pushWithRetry, type RemoteBranch, type RetryPolicy } from '../git/push-with-retry.js';
import { resultEdits, type ResultToCommit } from './result-edits.js';
import { moveTaskEdits, readTaskFolders } from '../lifecycle/task-tree.js';
import { entriesAt, type TreeEdit } from '../git/tree-commit.js';

/** A file a task changed (content-edit), committed with its result when the branch still has it as the task found it. */
export interface ContentChange {
  edit: Extract<TreeEdit, { kind: 'file' | 'delete' }>;
  /** The file's blob in the commit the task ran on; undefined when the task created the file. */
  baseBlob: string | undefined;
}

export interface TaskRecord {
  /** `<id>.md`. */
  fileName: string;
  result: ResultToCommit;
  /** The task file's text, written back if the head has lost the file (a bad manual edit). */
  taskText?: string;
  /** Files the task changed, committed in the same commit as its result. */
  contentChanges?: readonly ContentChange[];
  /**
   * The result to record instead when someone changed one of those files on the branch since the
   * task ran (the edit is then not committed: it would undo their change).
   */
  onContentConflict?: (paths: readonly string[]) => ResultToCommit;
}

export interface RecordOutcome {
  commit: string | undefined;
  recorded: string[];
  attempts: number;
}

/**
 * Records finished tasks in one commit: each result file, results/latest/, and each task moved to
 * completed/ or failed/ from wherever the head has it (normally in-progress/; pending/ if a sweep
 * requeued a run that was in fact alive, so the task does not run twice). Pushed with
 * fetch-derive-retry, so any number of recorders racing for the branch all land.
 */
export async function recordResults(
  git: Git,
  target: RemoteBranch,
  records: readonly TaskRecord[],
  trailers: Readonly<Record<string, string>>,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<RecordOutcome> {
  const outcome = await pushWithRetry(
    git,
    target,
    async (head) => {
      const folders = await readTaskFolders(git, head);
      const edits: TreeEdit[] = [];
      const results: ResultToCommit[] = [];
      for (const record of records) {
        let result = record.result;
        if (record.contentChanges?.length) {
          const conflicts = await conflictingPaths(git, head, record.contentChanges);
          if (conflicts.length === 0) edits.push(...record.contentChanges.map((change) => change.edit));
          else if (record.onContentConflict) result = record.onContentConflict(conflicts);
          else throw new Error(`${record.fileName}: ${conflicts.join(', ')} changed on the branch since the task ran`);
        }
        results.push(result);
        const to: TaskState = result.result.status === 'success' ? 'completed' : 'failed';
        const moves = moveTaskEdits(folders, record.fileName, to);
        const present = moves.some((edit) => edit.kind === 'blob') || folders[to].has(record.fileName);
        if (present) edits.push(...moves);
        else if (record.taskText !== undefined) edits.push({ kind: 'file', path: path.posix.join(taskFolder(to), record.fileName), content: record.taskText });
      }
      edits.push(...(await resultEdits(git, head, results)));
      return { edits, message: recordMessage(records, results, trailers), value: records.map((record) => record.fileName) };
    },
    policy,
  );
  return { commit: outcome.commit, recorded: outcome.value, attempts: outcome.attempts };
}

/** Paths the branch changed since the task read them: committing the task's version would undo that. */
async function conflictingPaths(git: Git, head: string, changes: readonly ContentChange[]): Promise<string[]> {
  const now = await entriesAt(git, head, changes.map((change) => change.edit.path));
  return changes.filter((change) => now.get(change.edit.path)?.blob !== change.baseBlob).map((change) => change.edit.path);
}

function recordMessage(records: readonly TaskRecord[], results: readonly ResultToCommit[], trailers: Readonly<Record<string, string>>): string {
  const only = results.length === 1 ? results[0] : undefined;
  const subject = only
    ? `handoff: ${only.result.status === 'success' ? 'completed' : 'failed'} ${only.result.task_id} ${SKIP_MARKER}`
    : `handoff: record ${count(records.length, 'result')} ${SKIP_MARKER}`;
  const lines = results.map((item, index) => {
    const changed = records[index]?.contentChanges?.length;
    return `${item.result.task_id}: ${item.result.status}${changed && item.result.status === 'success' ? ` (${count(changed, 'content file')} changed)` : ''}`;
  });
  return [subject, '', ...lines, '', ...trailerLines(trailers)].join('\n');
}
