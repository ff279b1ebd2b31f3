import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../config/load-config.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { pathExists } from '../files/path-exists.js';
import { moveTask, stateOfTaskPath, taskFolder } from '../lifecycle/task-folders.js';
import type { RunDependencies, TaskRunOutcome } from '../worker/run-task.js';

export interface ClaimedTaskInput {
  /** The orchestration checkout: handoff.yml, tasks/, results/. */
  repoRoot: string;
  /** tasks/in-progress/<id>.md, as the plan's matrix names it. */
  taskFile: string;
  /**
   * A checkout of the task's site_repository, when the site lives in another repository; the
   * task's site_path is inside it.
   */
  siteRoot?: string;
}

export type RunTaskFunction = (repoRoot: string, taskRelativePath: string, deps: RunDependencies) => Promise<TaskRunOutcome>;

export class ClaimedTaskMissingError extends Error {
  constructor(taskFile: string) {
    super(`${taskFile} is not in this checkout: check out the plan's claim commit (its \`commit\` output), where the task is in tasks/in-progress/`);
    this.name = 'ClaimedTaskMissingError';
  }
}

/**
 * Runs a task the plan claimed and leaves, in the orchestration checkout, what record commits:
 * the result file and the task moved to completed/ or failed/.
 *
 * A site in another repository runs with that checkout as the run's root: the core resolves
 * site_path against the root and refuses a path that leaves it, which is exactly right inside the
 * site repository. The task file and handoff.yml (where the environment's bucket comes from, never
 * from the site) are copied in, and the result copied back. `RunDependencies.siteRoot` in the
 * core would make the copies unnecessary.
 */
export async function runClaimedTask(input: ClaimedTaskInput, runTask: RunTaskFunction, deps: RunDependencies): Promise<TaskRunOutcome> {
  const taskFile = input.taskFile.split(path.sep).join('/');
  if (stateOfTaskPath(taskFile) !== 'in-progress') {
    throw new Error(`task-file must be a claimed task in ${taskFolder('in-progress')}/; got ${taskFile}`);
  }
  if (!(await pathExists(path.join(input.repoRoot, taskFile)))) throw new ClaimedTaskMissingError(taskFile);
  if (!input.siteRoot) return runTask(input.repoRoot, taskFile, deps);

  const runRoot = input.siteRoot;
  const fileName = path.posix.basename(taskFile);
  await mkdir(path.join(runRoot, taskFolder('in-progress')), { recursive: true });
  await copyFile(path.join(input.repoRoot, taskFile), path.join(runRoot, taskFile));
  await copyFile(path.join(input.repoRoot, CONFIG_FILE), path.join(runRoot, CONFIG_FILE)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const outcome = await runTask(runRoot, taskFile, { ...deps, inSiteCheckout: true });
  await writeFileAtomic(path.join(input.repoRoot, outcome.resultPath), await readFile(path.join(runRoot, outcome.resultPath), 'utf8'));
  await moveTask(input.repoRoot, fileName, 'in-progress', outcome.result.status === 'success' ? 'completed' : 'failed');
  return outcome;
}
