import path from 'node:path';
import { environmentOf, environmentPath, type Site } from '../config/sites.js';
import { describeAwsError } from '../deploy/aws-error.js';
import type { CdnInvalidator } from '../deploy/cloudfront.js';
import type { DeployDeps, DeployProgress, DeployReport, DeploySettings } from '../deploy/deploy.js';
import { actionFor, type ClassifiedError } from '../errors/categories.js';
import { classifyFailure } from '../errors/classify.js';
import type { HugoBuildDeps, HugoBuildReport, HugoBuildSettings } from '../hugo/build.js';
import type { Task } from '../task/validate-task.js';
import { formatProblem, type Problem } from '../validation/problem.js';
import { deploySettingsFor, type DeployOverrides } from './deploy-settings.js';

/** The tools a worker drives, passed in so tests and other edges can swap any of them. */
export interface WorkerTools {
  buildSite: (settings: HugoBuildSettings, deps?: HugoBuildDeps) => Promise<HugoBuildReport>;
  deploySite?: (settings: DeploySettings, deps?: DeployDeps) => Promise<DeployReport>;
  /** Makes the CloudFront client for cloudfront-invalidate tasks (its endpoint may be overridden). */
  makeInvalidator?: (endpoint?: string) => Promise<CdnInvalidator>;
  deployOverrides?: DeployOverrides;
  onLine?: (line: string) => void;
  onDeployProgress?: (progress: DeployProgress) => void;
  /** Milliseconds, monotonic. */
  clock?: () => number;
}

/** What a worker reports before the criteria are applied. */
export interface WorkerReport {
  outputs: Record<string, unknown>;
  error?: ClassifiedError;
  log: string;
}

/** The task's site from handoff.yml, or why there is none (handoff.yml is not valid). */
export type SiteLookup = { ok: true; site: Site } | { ok: false; problems: Problem[] };

export async function runWorker(repoRoot: string, task: Task, tools: WorkerTools, site: SiteLookup): Promise<WorkerReport> {
  switch (task.type) {
    case 'hugo-build':
      return buildWorker(repoRoot, task, tools);
    case 'hugo-deploy':
      return deployWorker(repoRoot, task, tools, site);
    case 'cloudfront-invalidate':
      return invalidateWorker(repoRoot, task, tools, site);
  }
}

async function buildWorker(repoRoot: string, task: Extract<Task, { type: 'hugo-build' | 'hugo-deploy' }>, tools: WorkerTools): Promise<WorkerReport> {
  const params = task.params;
  const built = await tools.buildSite(
    {
      siteDir: path.resolve(repoRoot, params.site_path),
      destination: path.resolve(repoRoot, '.handoff', 'build', task.id),
      ...(params.base_url ? { baseUrl: params.base_url } : {}),
      environment: params.hugo_environment ?? task.environment,
      ...(params.minify !== undefined ? { minify: params.minify } : {}),
      ...(params.build_drafts !== undefined ? { buildDrafts: params.build_drafts } : {}),
      ...(params.build_future !== undefined ? { buildFuture: params.build_future } : {}),
      ...(params.build_expired !== undefined ? { buildExpired: params.build_expired } : {}),
    },
    tools.onLine ? { onLine: tools.onLine } : {},
  );
  const outputs = { ...built.outputs, output_dir: path.relative(repoRoot, built.outputs.output_dir) || '.' };
  return { outputs, log: built.log, ...(built.error ? { error: built.error } : {}) };
}

async function deployWorker(repoRoot: string, task: Extract<Task, { type: 'hugo-deploy' }>, tools: WorkerTools, site: SiteLookup): Promise<WorkerReport> {
  const clock = tools.clock ?? (() => performance.now());
  const started = clock();
  if (!site.ok) {
    return configFailure(site.problems.map(formatProblem).join('; '), 'Escalate: handoff.yml is not valid; ask the user to fix it (handoff validate names the line).');
  }
  const build = await buildWorker(repoRoot, task, tools);
  const outputs: Record<string, unknown> = {
    ...build.outputs,
    build_duration_seconds: build.outputs.duration_seconds,
    deployment_success: false,
  };
  if (build.error) return { ...build, outputs: { ...outputs, duration_seconds: seconds(clock() - started) } };

  const resolved = deploySettingsFor(
    task,
    path.resolve(repoRoot, String(build.outputs.output_dir)),
    // The site's own environment: a deploy lists, uploads and deletes only under its bucket + prefix.
    environmentOf(site.site, task.environment),
    tools.deployOverrides ?? {},
    environmentPath(site.site, task.environment),
  );
  if (!resolved.ok) {
    return { outputs: { ...outputs, duration_seconds: seconds(clock() - started) }, log: build.log, error: escalate(resolved.message, resolved.next_step) };
  }
  if (!tools.deploySite) throw new Error('runWorker: a hugo-deploy task needs tools.deploySite');
  const report = await tools.deploySite(resolved.settings, tools.onDeployProgress ? { onProgress: tools.onDeployProgress } : {});
  const live = report.liveCheck?.[0];
  Object.assign(outputs, report.outputs, {
    duration_seconds: seconds(clock() - started),
    content_type: live?.content_type ?? null,
    dry_run: report.dryRun,
    summary: report.summary,
    invalidation_status: report.invalidation.status,
  });
  const log = [build.log, deployLog(report)].filter(Boolean).join('\n');
  if (!report.failure) return { outputs, log };
  return {
    outputs,
    log,
    error: classifyFailure({ source: 'aws', message: `${report.failure.phase}: ${report.failure.message}`, ...(report.failure.code ? { code: report.failure.code } : { code: report.failure.name }) }),
  };
}

async function invalidateWorker(_repoRoot: string, task: Extract<Task, { type: 'cloudfront-invalidate' }>, tools: WorkerTools, site: SiteLookup): Promise<WorkerReport> {
  const clock = tools.clock ?? (() => performance.now());
  const started = clock();
  if (!site.ok) return configFailure(site.problems.map(formatProblem).join('; '), 'Escalate: handoff.yml is not valid; ask the user to fix it.');
  const distributionId = environmentOf(site.site, task.environment)?.distribution_id;
  if (!distributionId) {
    const where = environmentPath(site.site, task.environment);
    return configFailure(
      `handoff.yml has no ${where}.distribution_id: there is no CloudFront distribution to invalidate`,
      `Escalate: ask the user to set ${where}.distribution_id in handoff.yml.`,
    );
  }
  if (!tools.makeInvalidator) throw new Error('runWorker: a cloudfront-invalidate task needs tools.makeInvalidator');
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

function deployLog(report: DeployReport): string {
  const lines = [report.summary];
  const plan = report.plan;
  if (plan && report.dryRun) {
    for (const upload of plan.uploads) lines.push(`would upload ${upload.key} (${upload.reason})`);
    for (const key of plan.deletes) lines.push(`would delete ${key}`);
  }
  const invalidation = report.invalidation;
  lines.push(`invalidation: ${invalidation.status}${invalidation.id ? ` ${invalidation.id}` : ''}${invalidation.paths.length ? ` [${invalidation.paths.join(', ')}]` : ''}${invalidation.reason ? ` (${invalidation.reason})` : ''}`);
  for (const check of report.liveCheck ?? []) lines.push(`live check: GET ${check.url} -> ${check.http_status ?? check.error?.message ?? 'no answer'}`);
  lines.push(...report.warnings.map((warning) => `warning: ${warning}`));
  if (report.failure) lines.push(`failed in ${report.failure.phase}: ${report.failure.code ?? report.failure.name}: ${report.failure.message}`);
  return lines.join('\n');
}

function configFailure(message: string, nextStep: string): WorkerReport {
  return { outputs: {}, log: message, error: escalate(message, nextStep) };
}

function escalate(message: string, nextStep: string): ClassifiedError {
  return { category: 'unknown', action: actionFor('unknown'), message, next_step: nextStep };
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds / 10) / 100;
}
