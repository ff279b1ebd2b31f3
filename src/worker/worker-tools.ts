import { type Clock, type MonotonicClock } from '../clock.js';
import type { EnvironmentConfig } from '../config/config-schema.js';
import type { Site } from '../config/sites.js';
import type { CdnInvalidator } from '../deploy/cloudfront.js';
import type { DeployDeps, DeployProgress, DeployReport, DeploySettings } from '../deploy/deploy.js';
import type { CheckoutCommit } from '../git/commit-checkout.js';
import type { HugoBuildDeps, HugoBuildReport, HugoBuildSettings } from '../hugo/build.js';
import type { SiteViewReader } from '../hugo/site-view.js';
import type { DeployOverrides } from '../settings/deploy-overrides.js';
import type { Problem } from '../validation/problem.js';
import type { ReviewedPlan } from './deploy-plan.js';

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
  /** `handoff run --apply`: a content-edit task's params.dry_run is overridden, the edit is written. */
  applyContentEdit?: boolean;
  /** Reads Hugo's view of the site (content folders, languages, page URLs) for content-edit; default: hugo itself. */
  readSiteView?: SiteViewReader;
  /** The PATH programs (hugo) are looked up on, from the edge's environment. */
  searchPath?: string | undefined;
  onDeployProgress?: (progress: DeployProgress) => void;
  /** Milliseconds, monotonic. */
  clock?: MonotonicClock;
  /** Waits before the worker's own retry of a throttled deploy; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
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
