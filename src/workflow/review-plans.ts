import path from 'node:path';
import { environmentConfigSchema } from '../config/config-schema.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { DeployReport } from '../deploy/deploy.js';
import { successfulDeploys } from '../result/find-results.js';
import { reviewedPlanOf, type ReviewedPlan } from '../worker/deploy-plan.js';
import type { DeployOverrides } from '../settings/deploy-overrides.js';
import { sourceCommitOf } from '../worker/source-choice.js';
import { prebuiltArtifactName, readPrebuiltTree } from '../worker/prebuilt-tree.js';
import { runDeployWorker, siteLookupFor } from '../worker/task-workers.js';
import type { DeployTools } from '../worker/worker-tools.js';
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
  input: {
    repoRoot: string;
    tasks: readonly MatrixTask[];
    commit: string | null;
    overrides: DeployOverrides;
    /** The build job's artifacts, a folder per task (prebuiltArtifactName): planned from these, without hugo. */
    prebuiltRoot?: string;
    /** handoff.yml of the checkout: which site each task is of (its targets come from the matrix). */
    config: LoadedConfig;
  },
  tools: Omit<DeployTools, 'deployOverrides' | 'onDeployReport' | 'trustedEnvironment' | 'commit'>,
): Promise<{ reviews: ReviewedDeploy[]; plans: ReviewedPlans }> {
  const reviews: ReviewedDeploy[] = [];
  const plans: ReviewedPlans = {};
  // The job assumes one read-only role: that of the first site reviewed (the claim action names it).
  // Another site's production has its own role, so its deploys are not planned with this one.
  let assumedRole: { site: string; role: string | undefined } | undefined;
  for (const matrixTask of input.tasks) {
    if (matrixTask.environment !== 'production' || matrixTask.type !== 'hugo-deploy') continue;
    const planRole = planRoleOf(matrixTask);
    assumedRole ??= { site: matrixTask.site, role: planRole };
    if (planRole !== assumedRole.role) {
      plans[matrixTask.id] = {
        error: `site ${matrixTask.site}'s production is planned with its own read-only role, and this run's review job assumed site ${assumedRole.site}'s; submit the task again in a push of its own`,
      };
      continue;
    }
    const loaded = await loadTask(path.join(input.repoRoot, matrixTask.task_file), { repoRoot: input.repoRoot, shownAs: matrixTask.task_file });
    if (!loaded.ok) {
      plans[matrixTask.id] = { error: `${matrixTask.task_file} does not load: ${loaded.problems.map((problem) => problem.field).join(', ')}` };
      continue;
    }
    const task = loaded.task;
    if (task.type !== 'hugo-deploy') {
      plans[matrixTask.id] = { error: `${matrixTask.task_file} is a ${task.type} task, not the hugo-deploy the plan listed` };
      continue;
    }
    const environment = environmentConfigSchema.safeParse(JSON.parse(matrixTask.environment_config || '{}'));
    let report: DeployReport | undefined;
    const site = siteLookupFor(input.config, task.site);
    const worker = await runDeployWorker(input.repoRoot, task, {
      ...tools,
      commit: input.commit,
      ...(environment.success ? { trustedEnvironment: environment.data } : {}),
      ...(input.prebuiltRoot !== undefined ? { prebuilt: await readPrebuiltTree(path.join(input.prebuiltRoot, prebuiltArtifactName(task.id))) } : {}),
      deployOverrides: { ...input.overrides, dryRun: true },
      onDeployReport: (captured) => {
        report = captured;
      },
    }, site);
    const commit = worker.outputs.source_commit ?? null;
    const previous = (await successfulDeploys(input.repoRoot, 'production', site.ok ? site.resultSite : undefined))[0];
    const error = worker.error ? worker.error.message : report?.plan ? undefined : 'the deploy could not be planned';
    reviews.push({
      task,
      commit,
      previousDeploy: previous ? { taskId: previous.result.task_id, commit: sourceCommitOf(previous.result) ?? null } : undefined,
      report,
      error,
    });
    plans[task.id] = error || !report?.plan ? { error: error ?? 'no plan' } : reviewedPlanOf(task.id, commit, report.plan, worker.outputs.tree_digest ?? undefined);
  }
  return { reviews, plans };
}

/** The read-only role the plan gave the review job for this task's site (none: the job's default credentials). */
function planRoleOf(task: MatrixTask): string | undefined {
  const environment = environmentConfigSchema.safeParse(JSON.parse(task.environment_config || '{}'));
  return environment.success ? environment.data.plan_role_arn : undefined;
}
