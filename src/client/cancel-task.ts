import path from 'node:path';
import { pathExists } from '../files/path-exists.js';
import { moveTask, TASK_STATES, taskFolder } from '../lifecycle/task-folders.js';
import type { TaskResult } from '../result/task-result.js';
import { writeResult } from '../result/write-result.js';
import { loadTask } from '../task/load-task.js';
import { HANDOFF_VERSION } from '../version.js';
import { AgentError } from '../errors/agent-error.js';
import { commandName, type AgentInterface } from './agent-interface.js';

export interface CancelOutcome {
  ok: true;
  task_id: string;
  task_file: string;
  result_path: string;
  note: string;
}

/**
 * Cancels a pending task: it is claimed (pending -> in-progress, so a worker cannot take it at the
 * same moment), gets a failed result saying it was cancelled, and moves to tasks/failed/. Nothing
 * is deleted, as with every other task (a task is never lost), and `wait` ends with that verdict
 * instead of waiting for a worker. A task a worker has claimed runs to its own result.
 */
export async function cancelTask(request: { root: string; id: string; reason?: string; now: Date; via?: AgentInterface }): Promise<CancelOutcome> {
  const { root, id } = request;
  const via = request.via ?? 'cli';
  if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new AgentError('usage', `task id: expected letters, digits, dots, dashes and underscores; found "${id}"`);
  const fileName = `${id}.md`;
  if (!(await pathExists(path.join(root, taskFolder('pending'), fileName)))) {
    for (const state of TASK_STATES) {
      if (await pathExists(path.join(root, taskFolder(state), fileName))) {
        const why = state === 'in-progress' ? 'a worker has claimed it; it runs to its result' : 'it has finished';
        throw new AgentError('refused', `${taskFolder(state)}/${fileName}: only a task in ${taskFolder('pending')}/ can be cancelled; ${why}`);
      }
    }
    throw new AgentError('not-found', `no task ${id} in ${taskFolder('pending')}/ (check the id; ${commandName(via, 'status')} lists the tasks)`);
  }
  const claimed = await moveTask(root, fileName, 'pending', 'in-progress');
  const loaded = await loadTask(path.join(root, claimed), { repoRoot: root, shownAs: claimed });
  const task = loaded.ok ? loaded.task : undefined;
  const at = request.now.toISOString();
  const reason = request.reason?.trim() ? request.reason.trim() : 'no reason given';
  const result: TaskResult = {
    task_id: id,
    type: task?.type ?? 'unknown',
    environment: task?.environment ?? 'unknown',
    ...(task?.site ? { site: task.site } : {}),
    status: 'failed',
    started_at: at,
    finished_at: at,
    duration_seconds: 0,
    task_file: path.posix.join(taskFolder('failed'), fileName),
    outputs: { cancelled: true },
    expected_outputs: [],
    missing_outputs: [],
    criteria: [],
    error: {
      category: 'unknown',
      action: 'escalate',
      message: `cancelled before it ran: ${reason}`,
      next_step: 'Nothing failed: the task was cancelled on purpose and never ran. Create a new task if the work is still wanted.',
    },
    run_url: null,
    commit: null,
    handoff_version: HANDOFF_VERSION,
  };
  const resultPath = await writeResult(root, result, `Cancelled at ${at}: ${reason}`, { updateLatest: false });
  const taskFile = await moveTask(root, fileName, 'in-progress', 'failed');
  return {
    ok: true,
    task_id: id,
    task_file: taskFile,
    result_path: resultPath,
    note: `the move and the result are in the work tree; if the task was submitted, commit and push them (git add -A tasks results) before the workflow picks it up`,
  };
}
