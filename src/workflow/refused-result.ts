import path from 'node:path';
import { actionFor, type ClassifiedError, type ErrorCategory } from '../errors/categories.js';
import type { ResultToCommit } from './result-edits.js';
import { taskFolder } from '../lifecycle/task-folders.js';
import { renderResult } from '../result/render-result.js';
import type { TaskResult } from '../result/task-result.js';
import type { Task } from '../task/validate-task.js';
import { idFromFileName } from '../task/task-id.js';
import { HANDOFF_VERSION } from '../version.js';

export interface RefusedResultInput {
  fileName: string;
  /** The task, when its file was valid (a gate refused it, or its run died). */
  task?: Task;
  /** The task's site, in a repository of several (see resultSiteOf). */
  site?: string;
  error: ClassifiedError;
  /** When the refusal was decided; a dead run's result starts at its claim. */
  finishedAt: Date;
  startedAt?: Date;
  runUrl: string | null;
  commit: string | null;
}

/**
 * The result of a task that never ran to its end: refused by the plan (invalid file, production
 * gate, configuration), or claimed by a run that died. Same shape as runTask's results, so the
 * agent reads and verifies it the same way.
 */
export function refusedResult(input: RefusedResultInput): TaskResult {
  const started = input.startedAt ?? input.finishedAt;
  const expected = input.task?.expected_outputs ?? [];
  return {
    task_id: input.task?.id ?? idFromFileName(input.fileName),
    type: input.task?.type ?? 'unknown',
    environment: input.task?.environment ?? 'unknown',
    ...(input.site ? { site: input.site } : {}),
    status: 'failed',
    started_at: started.toISOString(),
    finished_at: input.finishedAt.toISOString(),
    duration_seconds: Math.max(0, Math.round((input.finishedAt.getTime() - started.getTime()) / 10) / 100),
    task_file: path.posix.join(taskFolder('failed'), input.fileName),
    outputs: {},
    expected_outputs: expected,
    missing_outputs: [...expected],
    criteria: [],
    error: input.error,
    run_url: input.runUrl,
    commit: input.commit,
    handoff_version: HANDOFF_VERSION,
  };
}

/** A refused result rendered for a commit; results/latest/ moves only for a task that has a type and environment. */
export function refusedToCommit(result: TaskResult, log: string): ResultToCommit {
  return { result, text: renderResult(result, log), updateLatest: result.type !== 'unknown' && result.environment !== 'unknown' };
}

export function classified(category: ErrorCategory, message: string, nextStep: string, where: { file?: string; line?: number } = {}): ClassifiedError {
  return {
    category,
    action: actionFor(category),
    message,
    ...(where.file !== undefined ? { file: where.file } : {}),
    ...(where.line !== undefined ? { line: where.line } : {}),
    next_step: nextStep,
  };
}

