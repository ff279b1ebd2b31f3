import path from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import type { EnvironmentConfig } from '../config/config-schema.js';
import { CONFIG_FILE, type LoadedConfig } from '../config/load-config.js';
import { environmentOf, environmentPath, resultSiteOf, siteNamed, type Site } from '../config/sites.js';
import { describeAwsError, isThrottling } from '../deploy/aws-error.js';
import type { CdnInvalidator } from '../deploy/cloudfront.js';
import type { DeployDeps, DeployProgress, DeployReport, DeploySettings } from '../deploy/deploy.js';
import { actionFor, type ClassifiedError } from '../errors/categories.js';
import { classifyFailure, type FailureInput } from '../errors/classify.js';
import { contentEditWorker } from '../content-edit/content-edit-worker.js';
import type { HugoBuildDeps, HugoBuildReport, HugoBuildSettings } from '../hugo/build.js';
import type { Task } from '../task/validate-task.js';
import { treeDigest } from '../files/tree-digest.js';
import type { CheckoutCommit } from '../git/commit-checkout.js';
import { readResultOf, successfulDeploys } from '../result/find-results.js';
import { formatProblem, type Problem } from '../validation/problem.js';
import { buildFolderFor, pruneBuildFolders } from './build-folders.js';
import { planDifferences, reviewedPlanOf, type ReviewedPlan } from './deploy-plan.js';
import { chooseSource } from './source-choice.js';
import type { DeployOverrides } from '../settings/deploy-overrides.js';
import { deploySettingsFor } from './deploy-settings.js';

/** The tools a worker drives, passed in so tests and other edges can swap any of them. */
export interface WorkerTools {
  buildSite: (settings: HugoBuildSettings, deps?: HugoBuildDeps) => Promise<HugoBuildReport>;
  deploySite?: (settings: DeploySettings, deps?: DeployDeps) => Promise<DeployReport>;
  /** Makes the CloudFront client for cloudfront-invalidate tasks (its endpoint may be overridden). */
  makeInvalidator?: (endpoint?: string) => Promise<CdnInvalidator>;
  deployOverrides?: DeployOverrides;
  /**
   * The task environment's settings as read from outside the pushed commits (the workflow's
   * plan); when given, handoff.yml in the checkout is not asked where to deploy.
   */
  trustedEnvironment?: EnvironmentConfig;
  /** The commit of the checkout being built, recorded as source_commit. */
  commit?: string | null;
  /** Checks out an earlier commit apart from the work tree, for a promote or rollback. */
  checkoutCommit?: CheckoutCommit;
  /** The wall clock, for the age of a promoted staging result. */
  now?: Clock;
  /** The deploy's report, for callers that show the plan itself (handoff plan, the review-plan action). */
  onDeployReport?: (report: DeployReport) => void;
  /**
   * The plan the reviewer approved: the deploy plans again (a dry run) first and the result says
   * what differs, should the bucket have changed since.
   */
  reviewedPlan?: ReviewedPlan | { error: string };
  onLine?: (line: string) => void;
  onDeployProgress?: (progress: DeployProgress) => void;
  /** Milliseconds, monotonic. */
  clock?: () => number;
  /** Waits before the worker's own retry of a throttled deploy; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * How long the worker waits before deploying once more after S3 still throttled it through the
 * SDK's retries (which back off for a few seconds at most): long enough for S3 to scale the
 * prefix's request rate up.
 */
export const THROTTLED_DEPLOY_RETRY_DELAY_MS = 30_000;

/** What a worker reports before the criteria are applied. */
export interface WorkerReport {
  outputs: Record<string, unknown>;
  error?: ClassifiedError;
  log: string;
}

/** The task's site from handoff.yml, or why there is none (handoff.yml is not valid). */
export type SiteLookup =
  | {
      ok: true;
      site: Site;
      /** The site its results record (absent in a one-site repository): a promote or rollback stays within it. */
      resultSite?: string;
    }
  | { ok: false; problems: Problem[] };

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
export async function runWorker(repoRoot: string, task: Task, tools: WorkerTools, site: SiteLookup, siteRoot: string = repoRoot): Promise<WorkerReport> {
  const roots: WorkerRoots = { repoRoot, siteRoot };
  switch (task.type) {
    case 'hugo-build':
      return buildWorker(roots, task, tools);
    case 'hugo-deploy':
      return deployWorker(roots, task, tools, site);
    case 'cloudfront-invalidate':
      return invalidateWorker(task, tools, site);
    case 'content-edit':
      return contentEditWorker(siteRoot, task, tools);
  }
}

interface WorkerRoots {
  repoRoot: string;
  siteRoot: string;
}

/** Where the site's files come from: the checkout, or an earlier commit checked out apart. */
interface BuildSource {
  root: string;
  commit: string | null;
}

async function buildWorker({ siteRoot }: WorkerRoots, task: Extract<Task, { type: 'hugo-build' | 'hugo-deploy' }>, tools: WorkerTools, source?: BuildSource): Promise<WorkerReport> {
  const params = task.params;
  await pruneBuildFolders(siteRoot);
  const built = await tools.buildSite(
    {
      siteDir: path.resolve(source?.root ?? siteRoot, params.site_path),
      destination: buildFolderFor(siteRoot, task.id),
      pathsFrom: source?.root ?? siteRoot,
      ...(params.base_url ? { baseUrl: params.base_url } : {}),
      environment: params.hugo_environment ?? task.environment,
      ...(params.minify !== undefined ? { minify: params.minify } : {}),
      ...(params.build_drafts !== undefined ? { buildDrafts: params.build_drafts } : {}),
      ...(params.build_future !== undefined ? { buildFuture: params.build_future } : {}),
      ...(params.build_expired !== undefined ? { buildExpired: params.build_expired } : {}),
    },
    tools.onLine ? { onLine: tools.onLine } : {},
  );
  const outputs: Record<string, unknown> = {
    ...built.outputs,
    output_dir: path.relative(siteRoot, built.outputs.output_dir) || '.',
    site_path: params.site_path,
    source_commit: source ? source.commit : (tools.commit ?? null),
    tree_digest: built.error ? null : await treeDigest(built.outputs.output_dir).catch(() => null),
  };
  return { outputs, log: built.log, ...(built.error ? { error: built.error } : {}) };
}

async function deployWorker(roots: WorkerRoots, task: Extract<Task, { type: 'hugo-deploy' }>, tools: WorkerTools, site: SiteLookup): Promise<WorkerReport> {
  const { repoRoot, siteRoot } = roots;
  const clock = tools.clock ?? (() => performance.now());
  const started = clock();
  if (!site.ok) return invalidConfig(site.problems);
  const reviewed = tools.reviewedPlan;
  if (reviewed && 'error' in reviewed) {
    const message = `deploy refused, nothing deployed: no plan was reviewed before approval (${reviewed.error})`;
    return { outputs: { deployment_success: false, plan_matched: false, duration_seconds: seconds(clock() - started) }, log: message, error: escalate(message, 'Escalate: the review job could not plan this deploy against the live bucket (see its summary); fix that, then submit the task again.') };
  }
  // The site's own environment: a deploy lists, uploads and deletes only under its bucket + prefix.
  const environment = tools.trustedEnvironment ?? environmentOf(site.site, task.environment);
  const choice = chooseSource(task, {
    named: task.promote_from || task.rollback_to ? await readResultOf(repoRoot, task.promote_from ?? task.rollback_to ?? '') : undefined,
    current: task.rollback_to ? (await successfulDeploys(repoRoot, task.environment, site.resultSite)).find(({ result }) => result.task_id !== task.id) : undefined,
    now: (tools.now ?? systemClock)(),
    promoteMaxAgeHours: environment?.promote_max_age_hours,
    ...(site.resultSite !== undefined ? { site: site.resultSite } : {}),
  });
  if (!choice.ok) {
    return { outputs: { deployment_success: false, duration_seconds: seconds(clock() - started) }, log: choice.message, error: escalate(choice.message, choice.next_step) };
  }
  let checkout: Awaited<ReturnType<CheckoutCommit>> | undefined;
  if (choice.kind === 'commit') {
    if (!tools.checkoutCommit) throw new Error('runWorker: a promote or rollback needs tools.checkoutCommit');
    try {
      checkout = await tools.checkoutCommit(siteRoot, choice.commit, task.id);
    } catch (error) {
      const message = `cannot check out ${choice.commit} to build it: ${error instanceof Error ? error.message : String(error)}`;
      return {
        outputs: { deployment_success: false, ...choice.outputs, duration_seconds: seconds(clock() - started) },
        log: message,
        error: escalate(message, 'Escalate: the commit is not in this clone; check out with full history (fetch-depth: 0) and submit the task again.'),
      };
    }
  }
  let build: WorkerReport;
  try {
    build = await buildWorker(roots, task, tools, checkout && choice.kind === 'commit' ? { root: checkout.dir, commit: choice.commit } : undefined);
  } finally {
    await checkout?.remove();
  }
  if (choice.kind === 'commit') build = { ...build, log: [choice.log, build.log].filter(Boolean).join('\n') };
  const outputs: Record<string, unknown> = {
    ...build.outputs,
    ...(choice.kind === 'commit' ? choice.outputs : {}),
    build_duration_seconds: build.outputs.duration_seconds,
    deployment_success: false,
  };
  if (build.error) return { ...build, outputs: { ...outputs, duration_seconds: seconds(clock() - started) } };
  if (reviewed?.commit && outputs.source_commit !== reviewed.commit) {
    const message = `deploy refused, nothing deployed: it built ${String(outputs.source_commit)}, but the reviewer approved the plan of ${reviewed.commit}`;
    return { outputs: { ...outputs, plan_matched: false, duration_seconds: seconds(clock() - started) }, log: [build.log, message].join('\n'), error: escalate(message, 'Escalate: what was approved is not what would ship; submit the task again so the plan is reviewed afresh.') };
  }

  const resolved = deploySettingsFor(task, path.resolve(siteRoot, String(build.outputs.output_dir)), environment, tools.deployOverrides ?? {}, environmentPath(site.site, task.environment));
  if (!resolved.ok) {
    return { outputs: { ...outputs, duration_seconds: seconds(clock() - started) }, log: build.log, error: configError(resolved.message, resolved.next_step) };
  }
  if (!tools.deploySite) throw new Error('runWorker: a hugo-deploy task needs tools.deploySite');
  let reviewLog = '';
  if (reviewed && !resolved.settings.dryRun) {
    const replanned = await tools.deploySite({ ...resolved.settings, dryRun: true });
    const sourceCommit = typeof outputs.source_commit === 'string' ? outputs.source_commit : null;
    const differences = replanned.plan
      ? planDifferences(reviewed, reviewedPlanOf(task.id, sourceCommit, replanned.plan))
      : [`the plan could not be made again: ${replanned.failure?.message ?? 'unknown'}`];
    outputs.plan_matched = differences.length === 0;
    outputs.plan_differences = differences;
    reviewLog = differences.length === 0 ? 'the deploy matches the reviewed plan' : `the bucket or build changed since the reviewed plan: ${differences.join('; ')}`;
  }
  const deploy = () => tools.deploySite!(resolved.settings, tools.onDeployProgress ? { onProgress: tools.onDeployProgress } : {});
  let report = await deploy();
  const deployLogs: string[] = [];
  // S3 asks to slow down per prefix and scales up within minutes: one more go after a pause often
  // completes, and uploads nothing twice (what went up the first time is skipped).
  if (report.failure && isThrottling(report.failure) && !report.dryRun) {
    const delay = THROTTLED_DEPLOY_RETRY_DELAY_MS;
    deployLogs.push(deployLog(report), `S3 throttled the deploy (${report.failure.code ?? report.failure.name}) after the SDK's retries; deploying once more in ${delay / 1000} s`);
    await (tools.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(delay);
    report = await deploy();
  }
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
    error: classifyFailure({ source: 'aws', message: `${report.failure.phase}: ${report.failure.message}`, ...(report.failure.code ? { code: report.failure.code } : { code: report.failure.name }) }),
  };
}

async function invalidateWorker(task: Extract<Task, { type: 'cloudfront-invalidate' }>, tools: WorkerTools, site: SiteLookup): Promise<WorkerReport> {
  const clock = tools.clock ?? (() => performance.now());
  const started = clock();
  if (!site.ok) return invalidConfig(site.problems);
  const distributionId = (tools.trustedEnvironment ?? environmentOf(site.site, task.environment))?.distribution_id;
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
  return { outputs: {}, log: message, error: configError(message, nextStep) };
}

/** A setting handoff.yml lacks: the caller's next step names the key, since it knows what the setting is for. */
function configError(message: string, nextStep: string): ClassifiedError {
  return { category: 'handoff-config', action: actionFor('handoff-config'), message, next_step: nextStep, file: CONFIG_FILE };
}

/** handoff.yml does not parse or fit the schema: the first problem names the key and line. */
function invalidConfig(problems: readonly Problem[]): WorkerReport {
  const message = problems.map(formatProblem).join('; ');
  const first = problems[0];
  const input: FailureInput = { source: 'config', message, file: first?.file ?? CONFIG_FILE };
  if (first?.field) input.field = first.field;
  if (first?.line !== undefined) input.line = first.line;
  if (first?.column !== undefined) input.column = first.column;
  return { outputs: {}, log: message, error: classifyFailure(input) };
}

/** A refusal no tool reported: the message and next step say why and what the user must decide. */
function escalate(message: string, nextStep: string): ClassifiedError {
  return { category: 'unknown', action: actionFor('unknown'), message, next_step: nextStep };
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds / 10) / 100;
}
