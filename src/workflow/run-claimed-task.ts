import path from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { pathExists } from '../files/path-exists.js';
import { stateOfTaskPath, taskFolder } from '../lifecycle/task-folders.js';
import { runTask, type RunDependencies, type TaskRunOutcome } from '../worker/run-task.js';

export interface ClaimedTaskInput {
  /** The orchestration checkout: handoff.yml, tasks/, results/. */
  repoRoot: string;
  /** tasks/in-progress/<id>.md, as the claim action's matrix names it. */
  taskFile: string;
  /** handoff.yml of the orchestration checkout, read by the action's edge. */
  config: LoadedConfig;
  /**
   * A checkout of the task's site_repository, when the site lives in another repository; the
   * task's site_path is inside it.
   */
  siteRoot?: string;
}

export class ClaimedTaskMissingError extends Error {
  constructor(taskFile: string) {
    super(`${taskFile} is not in this checkout: check out the claim job's commit (its \`commit\` output), where the task is in tasks/in-progress/`);
    this.name = 'ClaimedTaskMissingError';
  }
}

/**
 * Runs a task the plan claimed and leaves, in the orchestration checkout, what record commits:
 * the result file and the task moved to completed/ or failed/. A site in another repository is
 * built from its checkout (`siteRoot`); the task, handoff.yml and the result stay here.
 */
export async function runClaimedTask(input: ClaimedTaskInput, deps: RunDependencies): Promise<TaskRunOutcome> {
  const taskFile = input.taskFile.split(path.sep).join('/');
  if (stateOfTaskPath(taskFile) !== 'in-progress') {
    throw new Error(`task-file must be a claimed task in ${taskFolder('in-progress')}/; got ${taskFile}`);
  }
  if (!(await pathExists(path.join(input.repoRoot, taskFile)))) throw new ClaimedTaskMissingError(taskFile);
  return runTask({ root: input.repoRoot, taskFile, config: input.config, ...(input.siteRoot ? { siteRoot: input.siteRoot } : {}) }, deps);
}
