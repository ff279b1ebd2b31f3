import path from 'node:path';
import { environmentConfigSchema } from '../config/config-schema.js';
import type { DeployReport } from '../deploy/deploy.js';
import { successfulDeploys } from '../result/find-results.js';
import { reviewedPlanOf, type ReviewedPlan } from '../runner/deploy-plan.js';
import type { DeployOverrides } from '../runner/deploy-settings.js';
import { sourceCommitOf } from '../runner/source-choice.js';
import { runWorker, type WorkerTools } from '../runner/task-workers.js';
import { loadTask } from '../task/load-task.js';
import type { Task } from '../task/validate-task.js';
import type { MatrixTask } from './matrix.js';

/** A production deploy as the reviewer should see it before approving. */
export interface ReviewedDeploy {
  task: Task;
  /** The commit that will be built (the claim commit, or a promoted or rolled-back one). */
  commit: string | null;
  previousDeploy: { taskId: string; commit: string | null } | undefined;
  report: DeployReport | undefined;
  error: string | undefined;
}

/** Each task's reviewed plan, or why none could be made: the deploy job refuses without one. */
export type ReviewedPlans = Record<string, ReviewedPlan | { error: string }>;

/**
 * Plans every production hugo-deploy of the run against the live bucket (a dry run through the
 * deploy engine with credentials that cannot write), before the job that waits for approval.
 */
export async function planProductionDeploys(
  input: { repoRoot: string; tasks: readonly MatrixTask[]; commit: string | null; overrides: DeployOverrides },
  tools: Omit<WorkerTools, 'deployOverrides' | 'onDeployReport' | 'trustedEnvironment' | 'commit'>,
): Promise<{ reviews: ReviewedDeploy[]; plans: ReviewedPlans }> {
  const reviews: ReviewedDeploy[] = [];
  const plans: ReviewedPlans = {};
  for (const matrixTask of input.tasks) {
    if (matrixTask.environment !== 'production' || matrixTask.type !== 'hugo-deploy') continue;
    const loaded = await loadTask(path.join(input.repoRoot, matrixTask.task_file), { repoRoot: input.repoRoot, shownAs: matrixTask.task_file });
    if (!loaded.ok) {
      plans[matrixTask.id] = { error: `${matrixTask.task_file} does not load: ${loaded.problems.map((problem) => problem.field).join(', ')}` };
      continue;
    }
    const task = loaded.task;
    const environment = environmentConfigSchema.safeParse(JSON.parse(matrixTask.environment_config || '{}'));
    let report: DeployReport | undefined;
    const worker = await runWorker(input.repoRoot, task, {
      ...tools,
      commit: input.commit,
      ...(environment.success ? { trustedEnvironment: environment.data } : {}),
      deployOverrides: { ...input.overrides, dryRun: true },
      onDeployReport: (captured) => {
        report = captured;
      },
    });
    const commit = typeof worker.outputs.source_commit === 'string' ? worker.outputs.source_commit : null;
    const previous = (await successfulDeploys(input.repoRoot, 'production'))[0];
    const error = worker.error ? worker.error.message : report?.plan ? undefined : 'the deploy could not be planned';
    reviews.push({
      task,
      commit,
      previousDeploy: previous ? { taskId: previous.result.task_id, commit: sourceCommitOf(previous.result) ?? null } : undefined,
      report,
      error,
    });
    plans[task.id] = error || !report?.plan ? { error: error ?? 'no plan' } : reviewedPlanOf(task.id, commit, report.plan);
  }
  return { reviews, plans };
}
