import type { MonotonicClock } from '../clock.js';
import type { TreeMeasure } from '../files/tree-digest.js';
import type { Sleep } from '../retry/retry.js';
import type { RawAwsError } from './aws-error.js';
import type { CdnInvalidator } from './cloudfront.js';
import type { ExecuteResult, SyncProgress } from './execute.js';
import type { HeaderRule, HeaderRules } from './headers.js';
import type { LiveCheckResult } from './live-check.js';
import type { IgnoredEntry } from './local-tree.js';
import type { LocalFile, PlanSummary, SyncPlan } from './plan.js';
import type { S3Store } from './s3-store.js';
import type { ResolvedDeployTarget } from './target-defaults.js';

// The deploy's settings, dependencies, state and report, shared by its phases (deploy.ts and the
// modules of its HEAD pass, manifest write, invalidation and report).

/** How the invalidation is made; which distribution is the target's (ResolvedDeployTarget.distributionId). */
export interface CloudFrontOptions {
  /** The distribution's origin path (`/site`), cut from keys to get URL paths. Default: none. */
  originPath?: string;
  /** Most paths per invalidation before wildcards (default 15). */
  budget?: number;
  /** Changed entries in one directory before it becomes `/dir/*` (default 5). */
  siblingLimit?: number;
  /** Wait for the invalidation to complete (default false). */
  wait?: boolean;
  waitTimeoutSeconds?: number;
  /** For tests: a local CloudFront stand-in. */
  endpoint?: string;
}

/** Where the deploy goes, every field resolved (target-defaults.ts), and how it goes about it. */
export interface DeployOptions extends ResolvedDeployTarget {
  /** The build output (Hugo's public/). */
  sourceDir: string;
  /** Stored bytes above which a file goes up as a multipart upload (default 8 MiB). */
  multipartThreshold?: number;
  /** handoff.yml's header rules, tried in order before the site's matchers and the defaults (see createHeaderRules). */
  headerRules?: HeaderRule[];
  /** What the Hugo site's own `[deployment]` settings ask of the deploy. */
  siteDeployment?: SiteDeploymentRules;
  /** Globs of paths neither uploaded nor deleted. */
  exclude?: string[];
  serverSideEncryption?: 'AES256' | 'aws:kms';
  /** Plan and report, but send no PUT, DELETE or invalidation. */
  dryRun?: boolean;
  /** Keep the manifest object that saves a HEAD per object (default true). */
  manifest?: boolean;
  /** HEAD objects whose stored headers are unknown, to catch header drift (default true). */
  verifyHeaders?: boolean;
  /**
   * HEAD every object of the same size as its local file, even those the manifest vouches for:
   * catches headers another tool changed on an object without changing its bytes (so its ETag).
   * One request per object, so off by default (`--verify-headers`).
   */
  headEveryObject?: boolean;
  cloudfront?: CloudFrontOptions;
  liveCheck?: { paths?: string[]; timeoutMs?: number };
}

/**
 * The parts of a Hugo site's `[deployment]` settings that the deploy honours (read and checked by
 * hugo/site-deployment.ts). Where the site deploys, its CDN and its delete limit are not among
 * them: those come from handoff.yml and the environment, never from the site's files.
 */
export interface SiteDeploymentRules {
  /** `[[deployment.matchers]]`, in order, each with `syntax: 'go-regexp'` and its source. */
  matchers: HeaderRule[];
  /** The first `[[deployment.targets]]`'s `include`: only matching paths are uploaded or deleted. */
  include?: SitePathGlob;
  /** The first target's `exclude`: matching paths are neither uploaded nor deleted. */
  exclude?: SitePathGlob;
}

/** A target's include or exclude glob (hugo deploy's syntax, see hugo-patterns.ts) and where it is written. */
export interface SitePathGlob {
  glob: string;
  source: string;
}

export type DeployPhase = 'config' | 'walk' | 'list' | 'plan' | 'upload' | 'delete' | 'invalidate' | 'live-check';

/** A failed deploy's cause, raw: the lead's classifier turns it into an error category. */
export interface DeployFailure extends RawAwsError {
  phase: DeployPhase;
  /** The object whose request failed, when one did. */
  key?: string;
}

export type DeployProgress =
  | SyncProgress
  | { phase: 'scan'; filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number };

export interface DeployDeps {
  /** Default: the real bucket through createS3Client(settings.s3). */
  store?: S3Store;
  /** Default: CloudFront through the SDK, when a distribution is configured. */
  invalidator?: CdnInvalidator;
  /** Waits between CloudFront retries and polls; tests pass one that returns at once. */
  sleep?: Sleep;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds, monotonic. */
  now?: MonotonicClock;
  onProgress?: (progress: DeployProgress) => void;
  signal?: AbortSignal;
  /** The build's walk and measure of the files (its tree digest), so they are not walked and hashed twice. */
  measured?: TreeMeasure;
}

/** The result fields the task's result file carries, named as there. */
export interface DeployOutputs {
  deployment_success: boolean;
  uploaded_files: number;
  skipped_files: number;
  deleted_files: number;
  bytes_uploaded: number;
  invalidation_id: string | null;
  invalidation_paths: string[];
  http_status: number | null;
  url: string | null;
  duration_seconds: number;
}

export interface InvalidationReport {
  status: 'created' | 'completed' | 'skipped' | 'planned' | 'failed';
  id: string | null;
  paths: string[];
  /** Why it was skipped or only planned. */
  reason?: string;
}

export interface DeployReport {
  outputs: DeployOutputs;
  /** One line: `uploaded 42, skipped 2608, deleted 0 (2% changed) in 0.8 s`. */
  summary: string;
  dryRun: boolean;
  /** What was (or, in a dry run, would be) uploaded with reasons, and deleted. Null if planning was not reached. */
  plan: PlanSummary | null;
  failure?: DeployFailure;
  invalidation: InvalidationReport;
  liveCheck: LiveCheckResult[] | null;
  /** Local entries not deployed (excluded, symlinks out of the tree). */
  ignored: IgnoredEntry[];
  /** Problems that did not fail the deploy (the manifest could not be written, a wait timed out). */
  warnings: string[];
}


/** What the deploy has learnt and done so far, read by each later phase and the report. */
export interface DeployState {
  files: LocalFile[];
  /** Which rule set which header (for the plan's summary); set once the rules are compiled. */
  originsOf?: HeaderRules['originsOf'];
  ignored: IgnoredEntry[];
  plan?: SyncPlan;
  executed?: ExecuteResult;
  failure?: DeployFailure;
  invalidation: InvalidationReport;
  liveCheck: LiveCheckResult[] | null;
}

/** What a deploy writes through, chosen once by deploySite: the real parts or a dry run's. */

export interface DeployParts {
  store: S3Store;
  /** Opened only when an invalidation is due; `close` frees what it opened. */
  openInvalidator(): Promise<{ invalidator: CdnInvalidator; close?: () => void }>;
  /** The live site to GET after the deploy; null when there is none to check (or a dry run). */
  liveUrl: string | null;
}
