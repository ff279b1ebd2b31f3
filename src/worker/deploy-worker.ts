import path from 'node:path';
import { environmentOf, environmentPath } from '../config/sites.js';
import { isThrottling } from '../deploy/aws-error.js';
import type { DeployReport } from '../deploy/deploy.js';
import { describeUploadRules } from '../deploy/plan.js';
import { classifyFailure } from '../errors/classify.js';
import type { CheckoutCommit } from '../git/commit-checkout.js';
import { readResultOf, successfulDeploys } from '../result/find-results.js';
import type { Task } from '../task/validate-task.js';
import { buildWorker, hugoEnvironmentOf, type WorkerRoots } from './build-worker.js';
import { readSiteDeployment } from '../hugo/site-deployment.js';
import { actionFor } from '../errors/categories.js';
import { formatProblem, type Problem } from '../validation/problem.js';
import { planDifferences, reviewedPlanOf } from './deploy-plan.js';
import { deployOptionsFor } from './deploy-options.js';
import { deployTargetsFor } from '../config/environment-targets.js';
import { prebuiltTreeMismatch, type DeployBuildReport } from './prebuilt-tree.js';
import type { DeployBuildOutputs, DeployTaskOutputs, NoOutputs, SourceOutputs } from './task-outputs.js';
import { chooseSource } from './source-choice.js';
import { configError, escalate, invalidConfig, seconds, type WorkerReport } from './worker-report.js';
import type { DeployTools, SiteLookup } from './worker-tools.js';
import { withRetries } from '../retry/retry.js';

/**
 * How long the worker waits before deploying once more after S3 still throttled it through the
 * SDK's retries (which back off for a few seconds at most): long enough for S3 to scale the
 * prefix's request rate up.
 */
export const THROTTLED_DEPLOY_RETRY_DELAY_MS = 30_000;

/** The deploy and its one more go after throttling. */
const THROTTLED_DEPLOY_ATTEMPTS = 2;

/** A deploy S3 throttled through the SDK's retries, to be tried once more after the pause. */
class ThrottledDeploy extends Error {}

export async function deployWorker(roots: WorkerRoots, task: Extract<Task, { type: 'hugo-deploy' }>, tools: DeployTools, site: SiteLookup): Promise<WorkerReport<DeployTaskOutputs | NoOutputs>> {
  const { siteRoot } = roots;
  const { clock } = tools;
  const started = clock();
  if (!site.ok) return invalidConfig(site.problems);
  const reviewed = tools.reviewedPlan;
  if (reviewed && 'error' in reviewed) {
    const message = `deploy refused, nothing deployed: no plan was reviewed before approval (${reviewed.error})`;
    return { outputs: { deployment_success: false, plan_matched: false, duration_seconds: seconds(clock() - started) }, log: message, error: escalate(message, 'Escalate: the review job could not plan this deploy against the live bucket (see its summary); fix that, then submit the task again.') };
  }
  // The site's own environment: a deploy lists, uploads and deletes only under its bucket + prefix.
  const targeted = deployTargetsFor(site.site, task.environment, tools);
  if (!targeted.ok) {
    return { outputs: { deployment_success: false, duration_seconds: seconds(clock() - started) }, log: targeted.message, error: escalate(targeted.message, 'Escalate: ask an admin which is right; the GitHub environment\'s variables decide, so correct handoff.yml (or the variable) and submit the task again.') };
  }
  const environment = targeted.config;
  let build: DeployBuildReport;
  let builtDir: string;
  if (tools.prebuilt) {
    // Built by another job (no credentials there): nothing from the site runs here, its files are
    // checked against the digests the build and the review recorded.
    if ('error' in tools.prebuilt) {
      const message = `deploy refused, nothing deployed: ${tools.prebuilt.error}`;
      return { outputs: { deployment_success: false, duration_seconds: seconds(clock() - started) }, log: message, error: escalate(message, 'Escalate: the build job did not hand over its build; see its log, then submit the task again.') };
    }
    build = tools.prebuilt.report;
    builtDir = tools.prebuilt.siteDir;
    const mismatch = build.error ? undefined : await prebuiltTreeMismatch(tools.prebuilt, reviewed?.tree_digest);
    if (mismatch) {
      const message = `deploy refused, nothing deployed: ${mismatch}`;
      return { outputs: { ...build.outputs, deployment_success: false, plan_matched: false, duration_seconds: seconds(clock() - started) }, log: [build.log, message].join('\n'), error: escalate(message, 'Escalate: what would ship is not what was built and reviewed; submit the task again.') };
    }
  } else {
    const built = await buildForDeploy(roots, task, tools, site);
    if ('refused' in built) return { ...built.refused, outputs: { ...built.refused.outputs, duration_seconds: seconds(clock() - started) } };
    build = built.report;
    builtDir = path.resolve(siteRoot, built.report.outputs.output_dir);
  }
  const outputs: DeployTaskOutputs = {
    ...build.outputs,
    build_duration_seconds: build.outputs.duration_seconds,
    deployment_success: false,
  };
  if (build.error) return { ...build, outputs: { ...outputs, duration_seconds: seconds(clock() - started) } };
  if (reviewed?.commit && outputs.source_commit !== reviewed.commit) {
    const message = `deploy refused, nothing deployed: it built ${String(outputs.source_commit)}, but the reviewer approved the plan of ${reviewed.commit}`;
    return { outputs: { ...outputs, plan_matched: false, duration_seconds: seconds(clock() - started) }, log: [build.log, message].join('\n'), error: escalate(message, 'Escalate: what was approved is not what would ship; submit the task again so the plan is reviewed afresh.') };
  }

  const resolved = deployOptionsFor(task, builtDir, environment, tools.deployOverrides ?? {}, environmentPath(site.site, task.environment));
  if (!resolved.ok) {
    return { outputs: { ...outputs, duration_seconds: seconds(clock() - started) }, log: build.log, error: configError(resolved.message, resolved.next_step) };
  }
  let reviewLog = '';
  const settings = {
    ...resolved.settings,
    ...(site.site.headerRules?.length ? { headerRules: site.site.headerRules } : {}),
    ...(build.siteDeployment ? { siteDeployment: build.siteDeployment } : {}),
  };
  if (reviewed && !settings.dryRun) {
    const replanned = await tools.deploySite({ ...settings, dryRun: true }, build.measuredTree ? { measured: build.measuredTree } : {});
    const differences = replanned.plan
      ? planDifferences(reviewed, reviewedPlanOf(task.id, outputs.source_commit ?? null, replanned.plan))
      : [`the plan could not be made again: ${replanned.failure?.message ?? 'unknown'}`];
    outputs.plan_matched = differences.length === 0;
    outputs.plan_differences = differences;
    reviewLog = differences.length === 0 ? 'the deploy matches the reviewed plan' : `the bucket or build changed since the reviewed plan: ${differences.join('; ')}`;
  }
  // The build's tree digest has walked the output and hashed every file: the deploy does neither again.
  const deployDeps = { ...(tools.onDeployProgress ? { onProgress: tools.onDeployProgress } : {}), ...(build.measuredTree ? { measured: build.measuredTree } : {}) };
  const deployLogs: string[] = [];
  // S3 asks to slow down per prefix and scales up within minutes: one more go after a pause often
  // completes, and uploads nothing twice (what went up the first time is skipped). The last
  // attempt's report is the answer, throttled or not.
  const report = await withRetries(
    async (attempt) => {
      const attempted = await tools.deploySite(settings, deployDeps);
      if (attempt < THROTTLED_DEPLOY_ATTEMPTS && attempted.failure && isThrottling(attempted.failure) && !attempted.dryRun) {
        deployLogs.push(deployLog(attempted), `S3 throttled the deploy (${attempted.failure.code ?? attempted.failure.name}) after the SDK's retries; deploying once more in ${THROTTLED_DEPLOY_RETRY_DELAY_MS / 1000} s`);
        throw new ThrottledDeploy();
      }
      return attempted;
    },
    {
      attempts: THROTTLED_DEPLOY_ATTEMPTS,
      backoff: { baseDelayMs: THROTTLED_DEPLOY_RETRY_DELAY_MS, maxDelayMs: THROTTLED_DEPLOY_RETRY_DELAY_MS, jitter: 'none' },
      retryable: (error) => error instanceof ThrottledDeploy,
      sleep: tools.sleep,
    },
  );
  tools.onDeployReport?.(report);
  const live = report.liveCheck?.[0];
  Object.assign(outputs, report.outputs, {
    duration_seconds: seconds(clock() - started),
    content_type: live?.content_type ?? null,
    dry_run: report.dryRun,
    summary: report.summary,
    invalidation_status: report.invalidation.status,
  });
  const log = [build.log, reviewLog, ...deployLogs, deployLog(report)].filter(Boolean).join('\n');
  if (!report.failure) return { outputs, log };
  return {
    outputs,
    log,
    error: classifyFailure({
      source: 'aws',
      message: `${report.failure.phase}: ${report.failure.message}`,
      ...(report.failure.code ? { code: report.failure.code } : { code: report.failure.name }),
      ...(report.plan?.tooManyDeletes ? { tooManyDeletes: report.plan.tooManyDeletes } : {}),
    }),
  };
}

/**
 * A site whose `[deployment]` rules do not load: the site's config is the agent's to fix, as a
 * syntax error in it would be, at the file, line and key named.
 */
function siteDeploymentRefused(problems: readonly Problem[], outputs: SourceOutputs | NoOutputs): WorkerReport<DeployTaskOutputs> {
  const message = `deploy refused, nothing built or deployed: the site's [deployment] settings are invalid: ${problems.map(formatProblem).join('; ')}`;
  const first = problems[0]!;
  const category = 'markdown-or-template-syntax';
  return {
    outputs: { deployment_success: false, ...outputs },
    log: message,
    error: {
      category,
      action: actionFor(category),
      message,
      file: first.file,
      ...(first.line !== undefined ? { line: first.line } : {}),
      next_step: `Fix ${first.field} in ${first.file}${first.line !== undefined ? ` line ${first.line}` : ''} (expected ${first.expected}), commit, then submit the task again.`,
    },
  };
}

function deployLog(report: DeployReport): string {
  const lines = [report.summary];
  const plan = report.plan;
  if (plan && report.dryRun) {
    for (const upload of plan.uploads) lines.push(`would upload ${upload.key} (${upload.reason})${upload.rules ? `: ${describeUploadRules(upload.rules)}` : ''}`);
    for (const key of plan.deletes) lines.push(`would delete ${key}`);
  }
  const invalidation = report.invalidation;
  lines.push(`invalidation: ${invalidation.status}${invalidation.id ? ` ${invalidation.id}` : ''}${invalidation.paths.length ? ` [${invalidation.paths.join(', ')}]` : ''}${invalidation.reason ? ` (${invalidation.reason})` : ''}`);
  for (const check of report.liveCheck ?? []) lines.push(`live check: GET ${check.url} -> ${check.http_status ?? check.error?.message ?? 'no answer'}`);
  lines.push(...report.warnings.map((warning) => `warning: ${warning}`));
  if (report.failure) lines.push(`failed in ${report.failure.phase}: ${report.failure.code ?? report.failure.name}: ${report.failure.message}`);
  return lines.join('\n');
}

/**
 * The build half of a deploy: the source it deploys (the checkout, or the commit a promote or
 * rollback names, checked out apart) built with hugo. Run by the deploy itself locally, and by the
 * workflow's build job on GitHub, whose result the deploy job takes as a prebuilt tree.
 */
export async function buildForDeploy(roots: WorkerRoots, task: Extract<Task, { type: 'hugo-deploy' }>, tools: DeployTools, site: SiteLookup): Promise<{ report: WorkerReport<DeployBuildOutputs> } | { refused: WorkerReport<DeployTaskOutputs | NoOutputs> }> {
  const { repoRoot, siteRoot } = roots;
  if (!site.ok) return { refused: invalidConfig(site.problems) };
  const environment = tools.trustedEnvironment ?? environmentOf(site.site, task.environment);
  const choice = chooseSource(task, {
    named: task.promote_from || task.rollback_to ? await readResultOf(repoRoot, task.promote_from ?? task.rollback_to ?? '') : undefined,
    current: task.rollback_to ? (await successfulDeploys(repoRoot, task.environment, site.resultSite)).find(({ result }) => result.task_id !== task.id) : undefined,
    now: tools.now(),
    promoteMaxAgeHours: environment?.promote_max_age_hours,
    ...(site.resultSite !== undefined ? { site: site.resultSite } : {}),
  });
  if (!choice.ok) {
    return { refused: { outputs: { deployment_success: false }, log: choice.message, error: escalate(choice.message, choice.next_step) } };
  }
  let checkout: Awaited<ReturnType<CheckoutCommit>> | undefined;
  if (choice.kind === 'commit') {
    try {
      checkout = await tools.checkoutCommit(siteRoot, choice.commit, task.id);
    } catch (error) {
      const message = `cannot check out ${choice.commit} to build it: ${error instanceof Error ? error.message : String(error)}`;
      return {
        refused: {
          outputs: { deployment_success: false, ...choice.outputs },
          log: message,
          error: escalate(message, 'Escalate: the commit is not in this clone; check out with full history (fetch-depth: 0) and submit the task again.'),
        },
      };
    }
  }
  let build: WorkerReport<DeployBuildOutputs>;
  try {
    // The site's [deployment] rules are checked before hugo runs: a bad one refuses the deploy at once.
    const deployment = await readSiteDeployment(checkout?.dir ?? siteRoot, task.params.site_path, hugoEnvironmentOf(task));
    if (!deployment.ok) return { refused: siteDeploymentRefused(deployment.problems, choice.kind === 'commit' ? choice.outputs : {}) };
    build = await buildWorker(roots, task, tools, checkout && choice.kind === 'commit' ? { root: checkout.dir, commit: choice.commit } : undefined);
    if (deployment.rules) build.siteDeployment = deployment.rules;
  } finally {
    await checkout?.remove();
  }
  if (choice.kind === 'commit') build = { ...build, log: [choice.log, build.log].filter(Boolean).join('\n'), outputs: { ...build.outputs, ...choice.outputs } };
  return { report: build };
}
