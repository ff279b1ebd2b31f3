import path from 'node:path';
import { taskFolder, type TaskState } from '../lifecycle/task-folders.js';
import { count, SKIP_MARKER, trailerLines } from './commit-message.js';
import type { Git } from './git-runner.js';
import { DEFAULT_RETRY, pushWithRetry, type RemoteBranch, type RetryPolicy } from './push-with-retry.js';
import { resultEdits, type ResultToCommit } from './result-edits.js';
import { moveTaskEdits, readTaskFolders } from './task-tree.js';
import type { TreeEdit } from './tree-commit.js';

export interface TaskRecord {
  /** `<id>.md`. */
  fileName: string;
  result: ResultToCommit;
  /** The task file's text, written back if the head has lost the file (a bad manual edit). */
  taskText?: string;
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
      for (const record of records) {
        const to: TaskState = record.result.result.status === 'success' ? 'completed' : 'failed';
        const moves = moveTaskEdits(folders, record.fileName, to);
        const present = moves.some((edit) => edit.kind === 'blob') || folders[to].has(record.fileName);
        if (present) edits.push(...moves);
        else if (record.taskText !== undefined) edits.push({ kind: 'file', path: path.posix.join(taskFolder(to), record.fileName), content: record.taskText });
      }
      edits.push(...(await resultEdits(git, head, records.map((record) => record.result))));
      return { edits, message: recordMessage(records, trailers), value: records.map((record) => record.fileName) };
    },
    policy,
  );
  return { commit: outcome.commit, recorded: outcome.value, attempts: outcome.attempts };
}

function recordMessage(records: readonly TaskRecord[], trailers: Readonly<Record<string, string>>): string {
  const only = records.length === 1 ? records[0] : undefined;
  const subject = only
    ? `handoff: ${only.result.result.status === 'success' ? 'completed' : 'failed'} ${only.result.result.task_id} ${SKIP_MARKER}`
    : `handoff: record ${count(records.length, 'result')} ${SKIP_MARKER}`;
  const lines = records.map((record) => `${record.result.result.task_id}: ${record.result.result.status}`);
  return [subject, '', ...lines, '', ...trailerLines(trailers)].join('\n');
}
