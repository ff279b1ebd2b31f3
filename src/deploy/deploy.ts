// Longer than 300 lines on purpose: the deploy pipeline (listing and walk overlapped, plan, uploads,
// deletes, invalidation, live check, report) shares one state object, and its phases read best in order.
import { type MonotonicClock, monotonicClock } from '../clock.js';
import { opendirSync } from 'node:fs';
import pLimit from 'p-limit';
import type { Sleep } from '../retry/retry.js';
import { describeAwsError, type RawAwsError } from './aws-error.js';
import type { CdnInvalidator } from './cloudfront.js';
import { createDryRunInvalidator, createDryRunStore } from './dry-run.js';
import { executePlan, type ExecuteResult, type SyncProgress } from './execute.js';
import { compileGlob } from '../primitives/glob.js';
import { createHeaderRules, type HeaderRule, type HeaderRules, type PatternCompiler } from './headers.js';
import type { CompiledPattern } from './hugo-patterns.js';
import { reduceInvalidationPaths } from './invalidation-paths.js';
import { checkSite, isLive, type LiveCheckResult } from './live-check.js';
import type { TreeMeasure } from '../files/tree-digest.js';
import { listLocalFiles, measureFiles, type IgnoredEntry, type LocalListing } from './local-tree.js';
import { encodeManifestIfChanged, MANIFEST_NAME, nextManifestEntries, readManifest, type ManifestRead } from './manifest.js';
import { compareStrings, planSync, summarizePlan, type LocalFile, type PlanSummary, type RemoteObject, type SyncPlan } from './plan.js';
import { normalizePrefix } from '../primitives/prefix.js';
import { applyManifest, forgetStoredHeaders, keysNeedingHead, manifestShowsKms, remoteFromHead } from './remote-state.js';
import { createS3Client, createS3Store, type S3Store } from './s3-store.js';
import type { ResolvedDeployTarget } from './target-defaults.js';
import { boundYoungGeneration } from './young-generation.js';

/** How the invalidation is made; which distribution is the target's (ResolvedDeployTarget.distributionId). */
export interface CloudFrontSettings {
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
export interface DeploySettings extends ResolvedDeployTarget {
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
  cloudfront?: CloudFrontSettings;
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

interface DeployState {
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

/**
 * Deploys a build output to S3: walk, list, plan, upload and delete, invalidate CloudFront,
 * check the live URL. Returns a report whether it succeeded or not; only a programming error
 * throws. A dry run takes the same path through parts that record writes and plan the
 * invalidation (dry-run.ts) and skips the live check.
 */
export async function deploySite(settings: DeploySettings, deps: DeployDeps = {}): Promise<DeployReport> {
  boundYoungGeneration();
  const now = deps.now ?? monotonicClock;
  const started = now();
  const dryRun = settings.dryRun ?? false;
  const { concurrency } = settings;
  const useManifest = settings.manifest ?? true;
  const trustEtagMd5 = settings.serverSideEncryption !== 'aws:kms';
  const warnings: string[] = [];
  const state: DeployState = { files: [], ignored: [], invalidation: { status: 'skipped', id: null, paths: [] }, liveCheck: null };
  const finish = () => buildReport(settings, state, { dryRun, warnings, durationMs: now() - started });
  const fail = (phase: DeployPhase, error: unknown, key?: string) => {
    state.failure = { phase, ...describeAwsError(error), ...(key ? { key } : {}) };
  };

  let prefix: string;
  let isExcluded: (relativePath: string) => boolean;
  let isSiteSkipped: ((relativePath: string) => boolean) | undefined;
  let headerRules: HeaderRules;
  try {
    prefix = normalizePrefix(settings.prefix);
    const site = await compileSiteDeployment(settings.siteDeployment);
    const excludeMatchers = (settings.exclude ?? []).map(compileGlob);
    const { include, exclude } = site;
    isExcluded = (relativePath) => excludeMatchers.some((matches) => matches(relativePath));
    // Matched against files only, as hugo deploy does: an include of `**.html` must not skip the folders holding them.
    if (include || exclude) isSiteSkipped = (relativePath) => (include !== undefined && !include(relativePath)) || (exclude?.(relativePath) ?? false);
    headerRules = createHeaderRules({ handoff: settings.headerRules ?? [], site: settings.siteDeployment?.matchers ?? [] }, site.compilePattern);
  } catch (error) {
    state.failure = { phase: 'config', name: 'InvalidSettings', code: 'InvalidSettings', message: describeAwsError(error).message };
    return finish();
  }
  const manifestKey = prefix + MANIFEST_NAME;
  const keep = (relativePath: string) => relativePath === MANIFEST_NAME || isExcluded(relativePath) || (isSiteSkipped?.(relativePath) ?? false);

  // Nothing is sent for a build output that is missing or empty at its top; otherwise the
  // listing and the manifest are requested first, and the walk and the hashing overlap them:
  // neither needs the other, and on a redeploy the remote read is most of the time.
  try {
    if (!hasEntries(settings.sourceDir)) {
      state.failure = emptyBuild(settings.sourceDir, prefix);
      return finish();
    }
  } catch (error) {
    fail('walk', error);
    return finish();
  }

  const ownClient = deps.store ? undefined : createS3Client(settings.s3, { maxInFlight: concurrency });
  try {
    const realStore = deps.store ?? createS3Store(ownClient!, storeOptions(settings));
    // The one place a dry run differs: its parts record or plan instead of writing.
    const parts: DeployParts = dryRun
      ? { store: createDryRunStore(realStore), openInvalidator: async () => ({ invalidator: createDryRunInvalidator() }), liveUrl: null }
      : { store: realStore, openInvalidator: () => openInvalidator(settings.cloudfront ?? {}, deps), liveUrl: settings.url };
    const { store } = parts;
    // The walk tells a parallel listing where to cut its later pages (list-ranges.ts); a failed walk tells it nothing.
    let expectKeys: (keys: readonly string[]) => void = () => {};
    const expectedKeys = settings.parallelListing ? new Promise<readonly string[]>((resolve) => (expectKeys = resolve)) : undefined;
    let remoteRead: Promise<RemoteRead> | undefined = readRemote(store, { prefix, manifestKey, useManifest, expectedKeys }, warnings, deps.signal);
    remoteRead.catch(() => {}); // awaited in sync(); a local failure first must not leave it unhandled
    try {
      const found = await listLocalFiles(settings.sourceDir, isExcluded, deps.measured?.directories).catch((error: unknown) => {
        expectKeys([]);
        throw error;
      });
      if (isSiteSkipped) skipFiles(found, isSiteSkipped);
      expectKeys(found.files.map((file) => prefix + file.relativePath));
      state.ignored = found.ignored;
      if (found.files.length === 0) {
        state.failure = emptyBuild(settings.sourceDir, prefix);
        return finish();
      }
      state.files = await measureFiles(found, { resolveHeaders: headerRules.headersFor, concurrency, ...(deps.measured ? { measured: deps.measured.files } : {}) });
      found.files = []; // the walk's records, one object per file, are not needed past here (their paths are shared)
      deps.onProgress?.({ phase: 'scan', filesDone: state.files.length, filesTotal: state.files.length, bytesDone: 0, bytesTotal: 0 });
    } catch (error) {
      fail('walk', error);
      return finish();
    }
    return await sync(settings, deps, state, warnings, {
      parts,
      // Handed over, not shared: this frame lives as long as the deploy, and a reference kept
      // here would keep the listing and the parsed manifest alive to the end.
      takeRemoteRead: () => {
        const read = remoteRead!;
        remoteRead = undefined;
        return read;
      },
      prefix,
      concurrency,
      useManifest,
      manifestKey,
      trustEtagMd5,
      keep,
      headerRules,
      finish,
      fail,
    });
  } finally {
    ownClient?.destroy();
  }
}

/**
 * The site's patterns compiled (RE2JS loaded only when there are any). A pattern that does not
 * compile throws: hugo/site-deployment.ts refused it at load already, so only a settings object
 * made some other way gets here with one.
 */
async function compileSiteDeployment(site: SiteDeploymentRules | undefined): Promise<{
  include?: (relativePath: string) => boolean;
  exclude?: (relativePath: string) => boolean;
  compilePattern?: PatternCompiler;
}> {
  if (!site || (site.matchers.length === 0 && !site.include && !site.exclude)) return {};
  const patterns = await (await import('./hugo-patterns.js')).loadHugoPatterns();
  const orThrow = (compiled: CompiledPattern, source: string) => {
    if (!compiled.ok) throw new Error(`${source}: expected ${compiled.expected}; found ${compiled.found}`);
    return compiled.test;
  };
  return {
    ...(site.include ? { include: orThrow(patterns.glob(site.include.glob), site.include.source) } : {}),
    ...(site.exclude ? { exclude: orThrow(patterns.glob(site.exclude.glob), site.exclude.source) } : {}),
    compilePattern: (rule) => (rule.syntax === 'go-regexp' ? orThrow(patterns.regexp(rule.pattern), rule.source ?? rule.pattern) : compileGlob(rule.pattern)),
  };
}

/** Moves the files `skip` names from the listing to its ignored entries (as excluded). */
function skipFiles(listing: LocalListing, skip: (relativePath: string) => boolean): void {
  const kept = listing.files.filter((file) => {
    if (!skip(file.relativePath)) return true;
    listing.ignored.push({ path: file.relativePath, reason: 'excluded' });
    return false;
  });
  if (kept.length === listing.files.length) return;
  listing.files = kept;
  listing.ignored.sort((a, b) => compareStrings(a.path, b.path));
}

/** Whether the build output is a directory with anything in it; throws as readdir does (ENOENT). */
function hasEntries(sourceDir: string): boolean {
  const dir = opendirSync(sourceDir);
  try {
    return dir.readSync() !== null;
  } finally {
    dir.closeSync();
  }
}

function emptyBuild(sourceDir: string, prefix: string): DeployFailure {
  return {
    phase: 'walk',
    name: 'EmptyBuild',
    code: 'EmptyBuild',
    message: `build output '${sourceDir}' has no files; refusing to deploy, which would delete every object under '${prefix}'`,
  };
}

interface RemoteRead {
  /** The listing, the manifest object left out. */
  listed: Map<string, RemoteObject>;
  manifest: ManifestRead | undefined;
}

/**
 * Lists the prefix and, at the same time, reads the manifest. A listing failure is the one
 * reported; a manifest that cannot be read for lack of rights only costs HEADs (a warning).
 */
async function readRemote(
  store: S3Store,
  what: { prefix: string; manifestKey: string; useManifest: boolean; expectedKeys: Promise<readonly string[]> | undefined },
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<RemoteRead> {
  const { prefix, manifestKey, useManifest } = what;
  const manifestRead: Promise<ManifestRead | undefined> = useManifest
    ? store.getBytes(manifestKey, signal).then(readManifest, (error: unknown) => {
        if (!isForbidden(error)) throw error;
        warnings.push(`the deploy manifest cannot be read (${describeAwsError(error).message}: s3:GetObject not allowed?); comparing by ETag alone`);
        return undefined;
      })
    : Promise.resolve(undefined);
  manifestRead.catch(() => {}); // awaited below, after the listing, whose error comes first
  const listed = await store.list(prefix, signal, what.expectedKeys);
  const manifest = await manifestRead;
  listed.delete(manifestKey);
  return { listed, manifest };
}

/**
 * The listing with what the manifest adds, and what is kept of the manifest (its digest, and
 * whether it saw SSE-KMS). The listing and the parsed manifest are not returned, so they are
 * freed once this returns: 50,000 objects and 50,000 entries that were held to the deploy's end.
 */
function settleRemote(read: RemoteRead, prefix: string): { remote: Map<string, RemoteObject>; manifestDigest: string | undefined; manifestSaysKms: boolean } {
  const manifest = read.manifest?.manifest;
  return { remote: applyManifest(read.listed, manifest, prefix), manifestDigest: read.manifest?.digest, manifestSaysKms: manifestShowsKms(manifest) };
}

/** What a deploy writes through, chosen once by deploySite: the real parts or a dry run's. */
interface DeployParts {
  store: S3Store;
  /** Opened only when an invalidation is due; `close` frees what it opened. */
  openInvalidator(): Promise<{ invalidator: CdnInvalidator; close?: () => void }>;
  /** The live site to GET after the deploy; null when there is none to check (or a dry run). */
  liveUrl: string | null;
}

interface SyncContext {
  parts: DeployParts;
  /** The listing and manifest read deploySite started while it hashed the files; taken once. */
  takeRemoteRead: () => Promise<RemoteRead>;
  prefix: string;
  concurrency: number;
  useManifest: boolean;
  manifestKey: string;
  trustEtagMd5: boolean;
  keep: (relativePath: string) => boolean;
  headerRules: HeaderRules;
  finish: () => DeployReport;
  fail: (phase: DeployPhase, error: unknown, key?: string) => void;
}

async function sync(
  settings: DeploySettings,
  deps: DeployDeps,
  state: DeployState,
  warnings: string[],
  context: SyncContext,
): Promise<DeployReport> {
  const { parts, prefix, concurrency, useManifest, manifestKey, keep, finish, fail } = context;
  state.originsOf = context.headerRules.originsOf;
  const { store } = parts;
  let trustEtagMd5 = context.trustEtagMd5;
  const signal = deps.signal;

  // list, then learn what the listing cannot say from the manifest and, for the rest, HEAD
  let remote: Map<string, RemoteObject>;
  let previousManifestDigest: string | undefined;
  let headed = 0;
  try {
    let manifestSaysKms: boolean;
    ({ remote, manifestDigest: previousManifestDigest, manifestSaysKms } = settleRemote(await context.takeRemoteRead(), prefix));
    // S3 told an earlier deploy that this bucket encrypts with SSE-KMS (its default encryption, set
    // outside handoff): no listed ETag here is an MD5.
    if (manifestSaysKms) trustEtagMd5 = false;
    const toHead = keysNeedingHead(state.files, settings.headEveryObject ? forgetStoredHeaders(remote) : remote, {
      prefix,
      trustEtagMd5,
      verifyHeaders: settings.verifyHeaders ?? true,
    });
    const limit = pLimit(concurrency);
    let forbiddenHeads = 0;
    await Promise.all(
      toHead.map((key) =>
        limit(async () => {
          try {
            const head = await store.head(key, signal);
            headed++;
            if (head) remote.set(key, remoteFromHead(key, head, remote.get(key)));
            else remote.delete(key);
          } catch (error) {
            if (!isForbidden(error)) throw error;
            forbiddenHeads++;
          }
        }),
      ),
    );
    if (forbiddenHeads > 0) {
      warnings.push(
        `${forbiddenHeads} objects could not be inspected (HEAD forbidden: s3:GetObject not allowed?); their headers were not compared`,
      );
    }
  } catch (error) {
    fail('list', error);
    return finish();
  }

  // plan and execute
  const plan = planSync(state.files, remote, { prefix, maxDeletes: settings.maxDeletes, trustEtagMd5, keep, forced: context.headerRules.forced });
  state.plan = plan;
  const executed = await executePlan(plan, store, { concurrency, signal, onProgress: deps.onProgress });
  state.executed = executed;
  if (executed.failure) {
    state.failure = {
      phase: executed.failure.phase,
      ...executed.failure.error,
      ...(executed.failure.key ? { key: executed.failure.key } : {}),
    };
  }

  if (!state.failure && useManifest) {
    const uploadedEtags = new Map(executed.uploaded.map((u) => [u.key, u.etag] as const));
    const uploadedEncryption = new Map(executed.uploaded.flatMap((u) => (u.encryption ? [[u.key, u.encryption] as const] : [])));
    // Only what was written, deleted or HEADed can change the manifest in the usual case (an
    // excluded path or a narrowed file set can too, which the digest still catches).
    const expectChange = previousManifestDigest === undefined || executed.uploaded.length > 0 || executed.deleted.length > 0 || headed > 0;
    try {
      const body = await encodeManifestIfChanged(
        () => nextManifestEntries(state.files, remote, uploadedEtags, prefix, uploadedEncryption),
        previousManifestDigest,
        expectChange,
      );
      if (body) await store.putBytes(manifestKey, body, 'application/gzip', signal);
    } catch (error) {
      warnings.push(`the deploy manifest could not be written (${describeAwsError(error).message}); the next deploy will HEAD objects instead`);
    }
  }

  // invalidate what changed: even after a failure, objects already replaced may be cached stale
  const changedKeys = [...executed.uploaded.map((u) => u.key), ...executed.deleted];
  await invalidate(settings, parts, changedKeys, { planRefused: !!plan.tooManyDeletes }, state, warnings, deps.signal);

  // live check
  if (parts.liveUrl && !state.failure) {
    state.liveCheck = await checkSite(parts.liveUrl, settings.liveCheck?.paths ?? [], {
      ...(settings.liveCheck?.timeoutMs ? { timeoutMs: settings.liveCheck.timeoutMs } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    const bad = state.liveCheck.find((result) => !isLive(result));
    if (bad) {
      state.failure = bad.error
        ? { phase: 'live-check', ...bad.error, message: `GET ${bad.url} failed: ${bad.error.message}` }
        : {
            phase: 'live-check',
            name: 'LiveCheckFailed',
            code: `HTTP${bad.http_status}`,
            httpStatus: bad.http_status ?? undefined,
            message: `GET ${bad.url} returned HTTP ${bad.http_status}`,
          };
    }
  }
  return finish();
}

/**
 * A deploy policy may allow listing and writing but not reading objects. Reads only make the
 * comparison sharper, so without them the deploy goes on comparing by listing alone.
 */
function isForbidden(error: unknown): boolean {
  return describeAwsError(error).httpStatus === 403;
}

function storeOptions(settings: DeploySettings) {
  return {
    bucket: settings.bucket,
    ...(settings.multipartThreshold !== undefined ? { multipartThreshold: settings.multipartThreshold } : {}),
    ...(settings.serverSideEncryption ? { serverSideEncryption: settings.serverSideEncryption } : {}),
  };
}

async function invalidate(
  settings: DeploySettings,
  parts: DeployParts,
  changedKeys: string[],
  context: { planRefused: boolean },
  state: { failure?: DeployFailure; invalidation: InvalidationReport },
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const cf = settings.cloudfront ?? {};
  const paths = reduceInvalidationPaths(changedKeys, {
    ...(cf.budget !== undefined ? { budget: cf.budget } : {}),
    ...(cf.siblingLimit !== undefined ? { siblingLimit: cf.siblingLimit } : {}),
    ...(cf.originPath !== undefined ? { originPath: cf.originPath } : {}),
  });
  if (context.planRefused) {
    state.invalidation = { status: 'skipped', id: null, paths: [], reason: 'the deploy was refused; nothing changed' };
    return;
  }
  if (settings.distributionId === null) {
    state.invalidation = { status: 'skipped', id: null, paths, reason: 'no CloudFront distribution configured' };
    return;
  }
  if (paths.length === 0) {
    state.invalidation = { status: 'skipped', id: null, paths, reason: 'nothing changed' };
    return;
  }
  const { invalidator, close } = await parts.openInvalidator();
  try {
    const outcome = await invalidator.invalidate(
      {
        distributionId: settings.distributionId,
        paths,
        wait: cf.wait ?? false,
        ...(cf.waitTimeoutSeconds !== undefined ? { waitTimeoutMs: cf.waitTimeoutSeconds * 1000 } : {}),
      },
      signal,
    );
    if (outcome.planned) {
      state.invalidation = { status: 'planned', id: null, paths: outcome.paths, reason: outcome.planned.reason };
      return;
    }
    state.invalidation = { status: outcome.completed ? 'completed' : 'created', id: outcome.id, paths: outcome.paths };
    if (cf.wait && !outcome.completed) {
      warnings.push(`invalidation ${outcome.id} was still ${outcome.status} when the wait timed out`);
    }
  } catch (error) {
    state.invalidation = { status: 'failed', id: null, paths };
    const described = describeAwsError(error);
    if (state.failure) warnings.push(`invalidation failed too: ${described.message}`);
    else state.failure = { phase: 'invalidate', ...described };
  } finally {
    close?.();
  }
}

/** The injected invalidator, or CloudFront through the SDK, which loads only when an invalidation is really sent: most deploys never need it. */
async function openInvalidator(cf: CloudFrontSettings, deps: DeployDeps): Promise<{ invalidator: CdnInvalidator; close?: () => void }> {
  if (deps.invalidator) return { invalidator: deps.invalidator };
  const cloudfront = await import('./cloudfront.js');
  const client = cloudfront.createCloudFrontClient(cf.endpoint);
  return {
    invalidator: cloudfront.createCloudFrontInvalidator({ client, ...(deps.sleep ? { sleep: deps.sleep } : {}) }),
    close: () => client.destroy(),
  };
}

function buildReport(
  settings: DeploySettings,
  state: DeployState,
  context: { dryRun: boolean; warnings: string[]; durationMs: number },
): DeployReport {
  const uploaded = state.executed?.uploaded.length ?? 0;
  const deleted = state.executed?.deleted.length ?? 0;
  const skipped = state.plan?.skipped ?? 0;
  const durationSeconds = Math.round(context.durationMs) / 1000;
  const outputs: DeployOutputs = {
    deployment_success: !state.failure,
    uploaded_files: uploaded,
    skipped_files: skipped,
    deleted_files: deleted,
    bytes_uploaded: state.executed?.bytesUploaded ?? 0,
    invalidation_id: state.invalidation.id,
    invalidation_paths: state.invalidation.paths,
    http_status: state.liveCheck?.[0]?.http_status ?? null,
    url: settings.url,
    duration_seconds: durationSeconds,
  };

  const total = state.files.length + (state.plan?.deletes.length ?? 0);
  const changed = uploaded + deleted;
  const share = total === 0 ? 0 : (changed / total) * 100;
  const shareText = changed > 0 && share < 1 ? '<1%' : `${Math.round(share)}%`;
  const counts = context.dryRun
    ? `would upload ${uploaded}, skip ${skipped}, delete ${deleted} (${shareText} changed)`
    : `uploaded ${uploaded}, skipped ${skipped}, deleted ${deleted} (${shareText} changed)`;
  const time = `in ${durationSeconds.toFixed(1)} s`;
  const summary = state.failure
    ? `${context.dryRun ? 'dry run ' : 'deploy '}failed in ${state.failure.phase}: ${state.failure.message} (${counts} ${time})`
    : `${context.dryRun ? 'dry run: ' : ''}${counts} ${time}`;

  const report: DeployReport = {
    outputs,
    summary,
    dryRun: context.dryRun,
    plan: state.plan ? summarizePlan(state.plan, state.originsOf) : null,
    invalidation: state.invalidation,
    liveCheck: state.liveCheck,
    ignored: state.ignored,
    warnings: context.warnings,
  };
  if (state.failure) report.failure = state.failure;
  return report;
}
