import { type Clock, type MonotonicClock } from '../clock.js';
import type { EnvironmentConfig } from '../config/config-schema.js';
import type { Site } from '../config/sites.js';
import type { CdnInvalidator } from '../deploy/cloudfront.js';
import type { DeployDeps, DeployProgress, DeployReport, DeployOptions } from '../deploy/deploy.js';
import type { CheckoutCommit } from '../git/commit-checkout.js';
import type { HugoBuildDeps, HugoBuildReport, HugoBuildOptions } from '../hugo/build.js';
import type { Redactor } from '../process/secret-values.js';
import type { SiteCodeEnvironment } from '../process/site-code-environment.js';
import type { SiteViewReader } from '../hugo/site-view.js';
import type { DeployOverrides } from '../settings/deploy-overrides.js';
import type { Problem } from '../validation/problem.js';
import type { ReviewedPlan } from './deploy-plan.js';
import type { EnvironmentTargets, OutsideTargets } from '../config/environment-targets.js';
import type { PrebuiltTree } from './prebuilt-tree.js';

/**
 * What the workers do to the world, every one required: each edge passes the real ones
 * (defaultRunDependencies) or a test its own, so no worker finds a capability missing at run time.
 */
export interface WorkerPorts {
  buildSite: (settings: HugoBuildOptions, deps?: HugoBuildDeps) => Promise<HugoBuildReport>;
  deploySite: (settings: DeployOptions, deps?: DeployDeps) => Promise<DeployReport>;
  /** Makes the CloudFront client for cloudfront-invalidate tasks (its endpoint may be overridden). */
  makeInvalidator: (endpoint?: string) => Promise<CdnInvalidator>;
  /** Checks out an earlier commit apart from the work tree, for a promote or rollback. */
  checkoutCommit: CheckoutCommit;
  /** Reads Hugo's view of the site (content folders, languages, page URLs) for content-edit. */
  readSiteView: SiteViewReader;
  /** The wall clock, for the age of a promoted staging result. */
  now: Clock;
  /** Milliseconds, monotonic: the workers' durations. */
  clock: MonotonicClock;
  /** Waits before the worker's own retry of a throttled deploy; tests pass one that returns at once. */
  sleep: (ms: number) => Promise<void>;
}

/** What a run knows besides its ports: settings and data, each absent when the run has none. */
export interface WorkerOptions {
  deployOverrides?: DeployOverrides;
  /**
   * The task environment's settings as read from outside the pushed commits (the workflow's
   * plan); when given, handoff.yml in the checkout is not asked where to deploy.
   */
  trustedEnvironment?: EnvironmentConfig;
  /**
   * Targets from the GitHub environment's variables (the deploy job, after approval): they fill
   * in the environment's settings, and a repository value that differs refuses the deploy.
   */
  environmentTargets?: EnvironmentTargets;
  /**
   * The GitHub deploy job: which environments are gated there, and HANDOFF_CONFIG as it read it.
   * A gated deploy takes its targets from outside the repository only, and is refused without them.
   */
  outsideTargets?: OutsideTargets;
  /** The commit of the checkout being built, recorded as source_commit. */
  commit?: string | null;
  /**
   * Whether the site folder (repository-relative) has uncommitted changes, hugo's own files aside:
   * a local run builds the work tree, which then is not the commit it records (source_dirty).
   * Absent where the checkout is the commit itself (the workflow's): source_dirty is not recorded.
   */
  isSourceDirty?: (sitePath: string) => Promise<boolean>;
  /** The deploy's report, for callers that show the plan itself (handoff plan, the review-plan action). */
  onDeployReport?: (report: DeployReport) => void;
  /**
   * The plan the reviewer approved: the deploy plans again (a dry run) first and the result says
   * what differs, should the bucket have changed since.
   */
  reviewedPlan?: ReviewedPlan | { error: string };
  /**
   * The deploy's build, made by another job (the workflow's build job): a hugo-deploy deploys
   * this tree, checked against its digests, and runs no hugo. An error: the build is missing.
   */
  prebuilt?: PrebuiltTree | { error: string };
  onLine?: (line: string) => void;
  /** handoff.yml's hugo_version: a build with another Hugo is refused (category hugo-version). */
  hugoPin?: string;
  /** Build with a Hugo other than the pin or the themes' min_version (`handoff run --allow-hugo-mismatch`). */
  allowHugoMismatch?: boolean;
  /** The allowlisted environment hugo runs with (siteCodeEnvironment), built by the edge. */
  siteCodeEnv?: SiteCodeEnvironment;
  /** Cuts the edge's credential values out of the result, its log and progress lines. */
  redactor?: Redactor;
  /** `handoff run --apply`: a content-edit task's params.dry_run is overridden, the edit is written. */
  applyContentEdit?: boolean;
  onDeployProgress?: (progress: DeployProgress) => void;
}

/** Everything a run passes to its task's worker. */
export type WorkerTools = WorkerPorts & WorkerOptions;

/** What each worker needs: its own ports, all required, and the run's options. */
export type BuildTools = Pick<WorkerPorts, 'buildSite'> & WorkerOptions;
export type DeployTools = Pick<WorkerPorts, 'buildSite' | 'deploySite' | 'checkoutCommit' | 'now' | 'clock' | 'sleep'> & WorkerOptions;
export type InvalidateTools = Pick<WorkerPorts, 'makeInvalidator' | 'clock'> & WorkerOptions;
export type ContentEditTools = Pick<WorkerPorts, 'buildSite' | 'readSiteView' | 'clock'> & WorkerOptions;

/** The task's site from handoff.yml, or why there is none (handoff.yml is not valid). */
export type SiteLookup =
  | {
      ok: true;
      site: Site;
      /** The site its results record (absent in a one-site repository): a promote or rollback stays within it. */
      resultSite?: string;
    }
  | { ok: false; problems: Problem[] };

/**
 * What hugo gets from the worker's tools: the allowlisted environment, the redactor and (unless
 * the caller shows progress its own way) the progress lines.
 */
export function hugoDepsOf(tools: WorkerOptions, options: { progress?: boolean } = {}): HugoBuildDeps {
  return {
    ...(tools.onLine && options.progress !== false ? { onLine: tools.onLine } : {}),
    ...(tools.siteCodeEnv ? { env: tools.siteCodeEnv } : {}),
    ...(tools.redactor ? { redactor: tools.redactor } : {}),
  };
}
