import path from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import type { DeployReport } from '../deploy/deploy.js';
import type { PlanSummary } from '../deploy/plan.js';
import type { ClassifiedError } from '../errors/categories.js';
import { gitFor } from '../git/git-runner.js';
import { gitInfoFor } from '../git/git-info.js';
import { successfulDeploys } from '../result/find-results.js';
import { decideApproval, isTemplateOrConfig } from '../worker/deploy-plan.js';
import type { DeployOverrides } from '../settings/deploy-overrides.js';
import { defaultRunDependencies } from '../worker/run-task.js';
import { sourceCommitOf } from '../worker/source-choice.js';
import { runDeployWorker, siteLookupFor } from '../worker/task-workers.js';
import { loadTask } from '../task/load-task.js';
import type { Problem } from '../validation/problem.js';
import { AgentError } from '../errors/agent-error.js';
import type { Redactor } from '../process/secret-values.js';
import type { SiteCodeEnvironment } from '../process/site-code-environment.js';

export interface DeployPlanAnswer {
  ok: true;
  task_id: string;
  environment: string;
  commit: string | null;
  approval: 'not-needed' | 'ask-user';
  reasons: string[];
  previous_deploy: { task_id: string; commit: string | null } | null;
  plan: {
    uploads: PlanSummary['uploads'];
    deletes: PlanSummary['deletes'];
    invalidation_paths: string[];
    upload_count: number;
    delete_count: number;
    skipped: PlanSummary['skipped'];
    bytes_to_upload: number;
    changed_share: number;
  };
  summary: string;
}

export type DeployPlanOutcome =
  | DeployPlanAnswer
  | { ok: false; problems: Problem[] }
  | { ok: false; task_id: string; error: ClassifiedError | { message: string }; log: string };

export interface DeployPlanRequest {
  root: string;
  /** The hugo-deploy task file, repository-relative. */
  file: string;
  config: LoadedConfig;
  /** The machine's deploy overrides (endpoints, site URL); the plan adds dry run. */
  deployOverrides: DeployOverrides;
  /** The allowlisted environment hugo runs with, from the edge's settings. */
  siteCodeEnv: SiteCodeEnvironment;
  /** Cuts the edge's credential values out of the build's log and errors. */
  redactor: Redactor;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

/**
 * `handoff plan`: builds the site and plans the deploy against the live bucket (a dry run:
 * nothing uploaded, deleted or invalidated), then answers whether the user must be asked first,
 * by handoff.yml's approval thresholds. The task file is not moved and no result is written.
 */
export async function planDeploy(request: DeployPlanRequest): Promise<DeployPlanOutcome> {
  const { root, file: relative, config } = request;
  const loaded = await loadTask(path.join(root, relative), { repoRoot: root, shownAs: relative, ...(config.ok ? { config: config.config } : {}) });
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  const task = loaded.task;
  if (task.type !== 'hugo-deploy') throw new AgentError('usage', `${relative} is a ${task.type}; handoff plan plans hugo-deploy tasks`);
  const site = siteLookupFor(config, task.site);
  const head = await gitInfoFor(root).headCommit();
  let report: DeployReport | undefined;
  const worker = await runDeployWorker(root, task, {
    ...defaultRunDependencies,
    now: request.now,
    commit: head ?? null,
    deployOverrides: { ...request.deployOverrides, dryRun: true },
    onLine: () => {},
    siteCodeEnv: request.siteCodeEnv,
    redactor: request.redactor,
    onDeployReport: (captured) => {
      report = captured;
    },
  }, site);
  const plan = report?.plan;
  if (worker.error || !plan || !report) {
    const message = worker.error?.message ?? 'the deploy could not be planned';
    return { ok: false, task_id: task.id, error: worker.error ?? { message }, log: worker.log };
  }

  const builtCommit = worker.outputs.source_commit ?? undefined;
  const previous = (await successfulDeploys(root, task.environment, site.ok ? site.resultSite : undefined))[0];
  const previousCommit = previous ? sourceCommitOf(previous.result) : undefined;
  let templateChanges: string[] | undefined;
  if (previousCommit && builtCommit) {
    const diff = await gitFor(root, { env: request.env })(['diff', '--name-only', '-z', previousCommit, builtCommit], { allowFailure: true });
    if (diff.exitCode === 0) templateChanges = diff.stdout.split('\0').filter(Boolean).filter((file) => isTemplateOrConfig(task.params.site_path, file));
  }
  const decision = decideApproval(task, plan, { templateChanges, previousDeploy: previous ? `${previous.result.task_id}${previousCommit ? ` (${previousCommit.slice(0, 12)})` : ''}` : undefined }, config.ok ? config.config.approval : undefined);
  return {
    ok: true,
    task_id: task.id,
    environment: task.environment,
    commit: builtCommit ?? null,
    approval: decision.approval,
    reasons: decision.reasons,
    previous_deploy: previous ? { task_id: previous.result.task_id, commit: previousCommit ?? null } : null,
    plan: {
      uploads: plan.uploads,
      deletes: plan.deletes,
      invalidation_paths: report.invalidation.paths,
      upload_count: plan.uploads.length,
      delete_count: plan.deletes.length,
      skipped: plan.skipped,
      bytes_to_upload: plan.bytesToUpload,
      changed_share: Math.round(decision.changedShare * 1000) / 1000,
    },
    summary: report.summary,
  };
}
