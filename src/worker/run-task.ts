import path from 'node:path';
import { monotonicClock, systemClock, type Clock } from '../clock.js';
import type { LoadedConfig } from '../config/load-config.js';
import { evaluateCriteria, type CriterionResult } from '../criteria/index.js';
import { actionFor, type ClassifiedError } from '../errors/categories.js';
import { classifyTaskProblems } from '../errors/task-problems.js';
import { commitCheckoutFor } from '../git/commit-checkout.js';
import { buildHugoSite } from '../hugo/build.js';
import { runWorker, siteLookupFor, type TaskReport } from './task-workers.js';
import type { WorkerReport } from './worker-report.js';
import type { NoOutputs } from './task-outputs.js';
import { sleep } from '../retry/retry.js';
import type { WorkerTools } from './worker-tools.js';
import { pathExists } from '../files/path-exists.js';
import { moveTask, stateOfTaskPath, type TaskState } from '../lifecycle/task-folders.js';
import { writeResult } from '../result/write-result.js';
import type { TaskResult } from '../result/task-result.js';
import { symlinkOnPath } from '../files/symlink-on-path.js';
import { loadTask, symlinkProblem } from '../task/load-task.js';
import type { Task } from '../task/validate-task.js';
import { idFromFileName } from '../task/task-id.js';
import { formatProblem, type Problem } from '../validation/problem.js';
import { HANDOFF_VERSION } from '../version.js';
import { baselineOutputs, DEFAULT_MIN_FILE_COUNT_RATIO, findBaseline, type Baseline } from '../result/baseline.js';
import { criteriaNotMet } from '../errors/criteria-not-met.js';

/** Everything a task run does to the world, passed in so tests can swap any part. */
export interface RunDependencies extends WorkerTools {
  now: Clock;
  /** Called once the task is claimed (in tasks/in-progress/), before its worker starts. */
  onStart?: (taskFile: string) => void;
  runUrl?: string | null;
  commit?: string | null;
}

export const defaultRunDependencies: RunDependencies = {
  now: systemClock,
  buildSite: buildHugoSite,
  // The AWS SDK loads only for tasks that deploy or invalidate: a build starts ~100 ms sooner.
  deploySite: async (settings, deps) => (await import('../deploy/deploy.js')).deploySite(settings, deps),
  checkoutCommit: commitCheckoutFor(),
  makeInvalidator: async (endpoint) => (await import('../deploy/cloudfront.js')).createCloudFrontInvalidator(endpoint ? { endpoint } : {}),
  // Loaded with the content-edit worker only, for the same reason.
  readSiteView: async (siteDir, deps) => (await import('../hugo/site-view.js')).readHugoSiteView(siteDir, deps),
  clock: monotonicClock,
  sleep: (ms) => sleep(ms),
};

/** One task to run, with the settings its edge resolved. */
export interface TaskRun {
  /** The orchestration repository: the task file, handoff.yml's settings, results/. */
  root: string;
  /** tasks/pending/<id>.md, or tasks/in-progress/<id>.md to resume a claimed task. */
  taskFile: string;
  /** handoff.yml as the edge read it; an invalid one fails the task with its problems. */
  config: LoadedConfig;
  /**
   * A checkout of the task's site repository (the workflow's run job), when its site lives in
   * another repository: the site's source is read and built there (its .handoff/build/), the
   * task and its result stay in `root`.
   */
  siteRoot?: string;
  /**
   * A content-edit dry run that could be applied leaves its task in tasks/pending/ (the local
   * run), so the same task is applied next with `handoff run <task> --apply`, under the same id.
   */
  dryRunStaysPending?: boolean;
}

export interface TaskRunOutcome {
  result: TaskResult;
  /** The result file, relative to the repository. */
  resultPath: string;
  /** 0 when the task succeeded and every criterion passed, 1 otherwise. */
  exitCode: 0 | 1;
}

/** The task file is not one `handoff run` can take (not in tasks/pending/ or tasks/in-progress/). */
export class NotRunnableError extends Error {}

/**
 * Runs one task: claims it (pending -> in-progress), validates it, runs its worker, evaluates its
 * criteria, writes its result file and moves it to completed/ or failed/. A bad task file or a
 * failing tool gives a failed result, never an exception; the result is written before the task
 * is moved, so a task is never in completed/ or failed/ without its result.
 */
export async function runTask(run: TaskRun, deps: RunDependencies = defaultRunDependencies): Promise<TaskRunOutcome> {
  const { root: repoRoot, config } = run;
  const relative = run.taskFile.split(path.sep).join('/');
  const state = stateOfTaskPath(relative);
  if (state !== 'pending' && state !== 'in-progress') {
    throw new NotRunnableError(`${relative}: expected a task file in tasks/pending/ (or tasks/in-progress/ to resume one); found it ${state ? `in tasks/${state}/` : 'elsewhere'}`);
  }
  if (!(await pathExists(path.join(repoRoot, relative)))) {
    throw new NotRunnableError(`${relative}: no such task file (already run? handoff status lists where each task is)`);
  }
  // Refused before it is claimed: moving a file through a symlinked folder would turn a file from
  // outside the repository into a task of its own.
  const link = await symlinkOnPath(repoRoot, path.join(repoRoot, relative));
  if (link) throw new NotRunnableError(formatProblem(symlinkProblem(relative, link)));
  const fileName = path.posix.basename(relative);
  const started = deps.now();
  const claimed = state === 'pending' ? await moveTask(repoRoot, fileName, 'pending', 'in-progress') : relative;
  deps.onStart?.(claimed);

  const loaded = await loadTask(path.join(repoRoot, claimed), {
    repoRoot,
    shownAs: relative,
    ...(config.ok ? { config: config.config } : {}),
    ...(run.siteRoot !== undefined ? { siteRoot: run.siteRoot } : {}),
  });
  let task: Task | undefined;
  let resultSite: string | undefined;
  let report: TaskReport | (WorkerReport<NoOutputs> & { type: null });
  // The earlier result a build is compared with is looked up while hugo builds (it may read every
  // result file when no latest link names one); this run's own result is written only afterwards.
  let baselineLookup: Promise<Baseline | undefined> | undefined;
  if (!loaded.ok) {
    report = { type: null, outputs: {}, error: classifyTaskProblems(loaded.problems), log: formatProblems(loaded.problems) };
  } else {
    task = loaded.task;
    const site = siteLookupFor(config, task.site);
    if (site.ok) resultSite = site.resultSite;
    if (task.type === 'hugo-build' || task.type === 'hugo-deploy') {
      baselineLookup = findBaseline(repoRoot, { type: task.type, environment: task.environment, sitePath: task.params.site_path, site: resultSite });
      // Handled here so a failed lookup waits for the await below instead of ending the process mid-build.
      baselineLookup.catch(() => undefined);
    }
    // A prebuilt tree was built from the site's checkout in another job: nothing of the site is read here.
    const elsewhere = site.ok && site.site.declared && site.site.repository && run.siteRoot === undefined && !deps.prebuilt ? site.site : undefined;
    report = elsewhere ? { type: null, ...siteElsewhere(elsewhere.name, elsewhere.repository ?? '') } : await runWorker(repoRoot, task, withHugoPin(deps, config), site, run.siteRoot);
  }

  // A dry run deploys nothing, so criteria about the deployed site cannot hold: it reports the plan
  // and succeeds when the plan may run; its criteria are left for the real run.
  const dryRun = (report.type === 'hugo-deploy' || report.type === 'content-edit') && report.outputs.dry_run === true;
  const fileCount = report.type === 'hugo-build' || report.type === 'hugo-deploy' ? report.outputs.file_count : undefined;
  if (baselineLookup && fileCount !== undefined) {
    Object.assign(report.outputs, baselineOutputs(await baselineLookup, minFileCountRatio(config)));
  }
  const criteria: CriterionResult[] = task && !dryRun ? evaluateCriteria(task.success_criteria, report.outputs) : [];
  const expected = task?.expected_outputs ?? [];
  const missing = expected.filter((name) => !Object.hasOwn(report.outputs, name));
  const workerSucceeded = report.error === undefined;
  const success = task !== undefined && workerSucceeded && missing.length === 0 && criteria.every((criterion) => criterion.pass);
  const error = report.error ?? (success ? null : criteriaError(criteria, missing));

  const finished = deps.now();
  const staysPending = run.dryRunStaysPending === true && success && dryRun && task?.type === 'content-edit';
  const finalState: TaskState = staysPending ? 'pending' : success ? 'completed' : 'failed';
  if (staysPending && report.type === 'content-edit') {
    const applyCommand = `handoff run ${path.posix.join('tasks', 'pending', fileName)} --apply`;
    report.outputs.apply_command = applyCommand;
    report.outputs.summary = `${report.outputs.summary}; the task stays in tasks/pending/: apply it with ${applyCommand}`;
  }
  const result: TaskResult = {
    task_id: task?.id ?? idFromFileName(fileName),
    type: task?.type ?? 'unknown',
    environment: task?.environment ?? 'unknown',
    ...(resultSite ? { site: resultSite } : {}),
    status: success ? 'success' : 'failed',
    started_at: started.toISOString(),
    finished_at: finished.toISOString(),
    duration_seconds: round((finished.getTime() - started.getTime()) / 1000),
    task_file: path.posix.join('tasks', finalState, fileName),
    outputs: report.outputs,
    expected_outputs: expected,
    missing_outputs: missing,
    criteria,
    error,
    run_url: deps.runUrl ?? null,
    commit: deps.commit ?? null,
    handoff_version: HANDOFF_VERSION,
  };
  const resultPath = await writeResult(repoRoot, result, report.log, { updateLatest: task !== undefined && !staysPending });
  await moveTask(repoRoot, fileName, 'in-progress', finalState);
  return { result, resultPath, exitCode: success ? 0 : 1 };
}

/**
 * A site of another repository is built from a checkout of it (the workflow's run job makes one);
 * building a folder of this repository that happens to have the same path would deploy the wrong
 * site into its bucket.
 */
function siteElsewhere(name: string, repository: string): WorkerReport<NoOutputs> {
  const message = `site ${name} is in ${repository}, which is not checked out here: handoff run builds the sites of this repository only`;
  return {
    outputs: {},
    log: message,
    error: {
      category: 'unknown',
      action: actionFor('unknown'),
      message,
      next_step: `Submit the task instead (handoff submit): the GitHub workflow checks out ${repository} and runs it there.`,
    },
  };
}

/** handoff.yml's hugo_version for the build; a pin given by the edge (a trusted config) stays. */
function withHugoPin(deps: RunDependencies, config: LoadedConfig): RunDependencies {
  const pin = config.ok ? config.config.hugo_version : undefined;
  return pin && deps.hugoPin === undefined ? { ...deps, hugoPin: pin } : deps;
}

/** handoff.yml's `criteria.min_file_count_ratio`; an unreadable handoff.yml gets the default here (the deploy reports it). */
function minFileCountRatio(config: LoadedConfig): number {
  return (config.ok ? config.config.criteria?.min_file_count_ratio : undefined) ?? DEFAULT_MIN_FILE_COUNT_RATIO;
}

/** Why a task whose tool reported no error still failed: a criterion (its own category), else missing outputs. */
function criteriaError(criteria: readonly CriterionResult[], missing: readonly string[]): ClassifiedError {
  const failed = criteria.filter((criterion) => !criterion.pass);
  if (failed.length > 0) return criteriaNotMet(failed, missing);
  return {
    category: 'unknown',
    action: actionFor('unknown'),
    message: missing.length ? `expected outputs missing: ${missing.join(', ')}` : 'the task did not succeed',
    next_step: 'Escalate: the tool ran without error but did not report every expected output. Tell the user which outputs are missing, and ask how to proceed.',
  };
}

function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
