import { CONFIG_FILE, type LoadedConfig } from '../config/load-config.js';
import { environmentPath, resultSiteOf, siteNamed } from '../config/sites.js';
import { describeAwsError } from '../deploy/aws-error.js';
import { classifyFailure } from '../errors/classify.js';
import { NO_SECRETS } from '../process/secret-values.js';
import type { Task } from '../task/validate-task.js';
import { buildWorker, type WorkerRoots } from './build-worker.js';
import { deployTargetsFor } from '../config/environment-targets.js';
import { configFailure, invalidConfig, seconds, type WorkerReport } from './worker-report.js';
import type { DeployTools, InvalidateTools, SiteLookup, WorkerOptions, WorkerTools } from './worker-tools.js';
import type { BuildTaskOutputs, ContentEditTaskOutputs, DeployTaskOutputs, InvalidateTaskOutputs, NoOutputs } from './task-outputs.js';

/** The task's site as handoff.yml (loaded by the caller) declares it; a bad handoff.yml gives its problems. */
export function siteLookupFor(config: LoadedConfig, siteName: string | undefined): SiteLookup {
  if (!config.ok) return { ok: false, problems: config.problems };
  const site = siteNamed(config.config, siteName);
  if (!site.ok) return { ok: false, problems: [{ file: CONFIG_FILE, field: 'sites', expected: site.expected, found: site.found }] };
  const resultSite = resultSiteOf(config.config, site.site);
  return { ok: true, site: site.site, ...(resultSite !== undefined ? { resultSite } : {}) };
}

/**
 * Runs a task's worker. `repoRoot` holds the results; the site's source and its build folder are
 * in `siteRoot`, a checkout of the site's repository when it lives in another one.
 */
// The deploy and content-edit workers load only for their own tasks: the content editor's parsers
// and diff are 300 kB of bundle that a build would compile for nothing (bench/README.md).
export async function runWorker(repoRoot: string, task: Task, tools: WorkerTools, site: SiteLookup, siteRoot: string = repoRoot): Promise<TaskReport> {
  return redacting(tools, (redacted) => workerFor(repoRoot, task, redacted, site, siteRoot));
}

/** A hugo-deploy task's worker on its own (handoff plan, the review job), its outputs typed as a deploy's. */
export async function runDeployWorker(
  repoRoot: string,
  task: Extract<Task, { type: 'hugo-deploy' }>,
  tools: DeployTools,
  site: SiteLookup,
  siteRoot: string = repoRoot,
): Promise<WorkerReport<DeployTaskOutputs | NoOutputs>> {
  return redacting(tools, async (redacted) => (await import('./deploy-worker.js')).deployWorker({ repoRoot, siteRoot }, task, redacted, site));
}

/** A worker's report with the type of the task it ran, so its outputs are read as that type's. */
export type TaskReport =
  | (WorkerReport<BuildTaskOutputs> & { type: 'hugo-build' })
  | (WorkerReport<DeployTaskOutputs | NoOutputs> & { type: 'hugo-deploy' })
  | (WorkerReport<InvalidateTaskOutputs | NoOutputs> & { type: 'cloudfront-invalidate' })
  | (WorkerReport<ContentEditTaskOutputs> & { type: 'content-edit' });

/** Every report and progress line passes here: the one place credentials are cut out of them. */
async function redacting<Tools extends WorkerOptions, Report>(tools: Tools, run: (tools: Tools) => Promise<Report>): Promise<Report> {
  const redactor = tools.redactor ?? NO_SECRETS;
  const onLine = tools.onLine;
  return redactor.value(await run(onLine ? { ...tools, onLine: (line: string) => onLine(redactor.text(line)) } : tools));
}

async function workerFor(repoRoot: string, task: Task, tools: WorkerTools, site: SiteLookup, siteRoot: string): Promise<TaskReport> {
  const roots: WorkerRoots = { repoRoot, siteRoot };
  switch (task.type) {
    case 'hugo-build':
      return { type: task.type, ...(await buildWorker(roots, task, tools)) };
    case 'hugo-deploy':
      return { type: task.type, ...(await (await import('./deploy-worker.js')).deployWorker(roots, task, tools, site)) };
    case 'cloudfront-invalidate':
      return { type: task.type, ...(await invalidateWorker(task, tools, site)) };
    case 'content-edit':
      return { type: task.type, ...(await (await import('./content-edit-worker.js')).contentEditWorker(siteRoot, task, tools)) };
  }
}

async function invalidateWorker(task: Extract<Task, { type: 'cloudfront-invalidate' }>, tools: InvalidateTools, site: SiteLookup): Promise<WorkerReport<InvalidateTaskOutputs | NoOutputs>> {
  const clock = tools.clock;
  const started = clock();
  if (!site.ok) return invalidConfig(site.problems);
  const targeted = deployTargetsFor(site.site, task.environment, tools, 'distribution_id');
  if (!targeted.ok) return configFailure(targeted.message, 'Escalate: ask an admin which is right; the GitHub environment\'s variables decide, so correct handoff.yml (or the variable) and submit the task again.');
  const distributionId = targeted.config?.distribution_id;
  if (!distributionId) {
    const where = environmentPath(site.site, task.environment);
    return configFailure(
      `handoff.yml has no ${where}.distribution_id: there is no CloudFront distribution to invalidate`,
      `Escalate: ask the user to set ${where}.distribution_id in handoff.yml.`,
    );
  }
  const invalidator = await tools.makeInvalidator(tools.deployOverrides?.cloudfrontEndpoint);
  try {
    const outcome = await invalidator.invalidate({ distributionId, paths: task.params.paths, wait: task.params.wait_for_invalidation ?? false });
    return {
      outputs: { invalidation_id: outcome.id, invalidation_paths: outcome.paths, invalidation_status: outcome.status, duration_seconds: seconds(clock() - started) },
      log: `invalidation ${outcome.id} of ${outcome.paths.length} path(s) on ${distributionId}: ${outcome.status} after ${outcome.attempts} request(s)`,
    };
  } catch (error) {
    const described = describeAwsError(error);
    return {
      outputs: { invalidation_id: null, invalidation_paths: task.params.paths, invalidation_status: 'failed', duration_seconds: seconds(clock() - started) },
      log: described.message,
      error: classifyFailure({ source: 'aws', message: described.message, code: described.code ?? described.name }),
    };
  }
}
