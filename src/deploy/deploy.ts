// The deploy pipeline in order: listing and walk overlapped, the HEAD pass (head-pass.ts), plan,
// uploads and deletes, the manifest write (manifest-write.ts), the invalidation
// (deploy-invalidation.ts), the live check and the report (deploy-report.ts).
import { monotonicClock } from '../clock.js';
import { opendirSync } from 'node:fs';
import { describeAwsError } from './aws-error.js';
import { createDryRunInvalidator, createDryRunStore } from './dry-run.js';
import { executePlan } from './execute.js';
import { compileGlob } from '../primitives/glob.js';
import { createHeaderRules, type HeaderRules, type PatternCompiler } from './headers.js';
import type { CompiledPattern } from './hugo-patterns.js';
import { checkSite, isLive } from './live-check.js';
import { listLocalFiles, measureFiles, type LocalListing } from './local-tree.js';
import { MANIFEST_NAME } from './manifest.js';
import { compareStrings, planSync } from './plan.js';
import { normalizePrefix } from '../primitives/prefix.js';
import { createS3Client, createS3Store } from './s3-store.js';
import { boundYoungGeneration } from './young-generation.js';
import type { DeployDeps, DeployFailure, DeployParts, DeployPhase, DeployReport, DeployOptions, DeployState, SiteDeploymentRules } from './deploy-types.js';
import { learnRemote, readRemote, type RemoteRead, type RemoteState } from './head-pass.js';
import { writeManifest } from './manifest-write.js';
import { invalidate, openInvalidator } from './deploy-invalidation.js';
import { buildReport } from './deploy-report.js';

export type {
  CloudFrontOptions,
  DeployDeps,
  DeployFailure,
  DeployOutputs,
  DeployPhase,
  DeployProgress,
  DeployReport,
  DeployOptions,
  InvalidationReport,
  SiteDeploymentRules,
  SitePathGlob,
} from './deploy-types.js';

/**
 * Deploys a build output to S3: walk, list, plan, upload and delete, invalidate CloudFront,
 * check the live URL. Returns a report whether it succeeded or not; only a programming error
 * throws. A dry run takes the same path through parts that record writes and plan the
 * invalidation (dry-run.ts) and skips the live check.
 */
export async function deploySite(settings: DeployOptions, deps: DeployDeps = {}): Promise<DeployReport> {
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
  settings: DeployOptions,
  deps: DeployDeps,
  state: DeployState,
  warnings: string[],
  context: SyncContext,
): Promise<DeployReport> {
  const { parts, prefix, concurrency, useManifest, manifestKey, keep, finish, fail } = context;
  state.originsOf = context.headerRules.originsOf;
  const { store } = parts;
  const signal = deps.signal;

  // list, then learn what the listing cannot say from the manifest and, for the rest, HEAD
  let learnt: RemoteState;
  try {
    learnt = await learnRemote(
      await context.takeRemoteRead(),
      state.files,
      store,
      { prefix, trustEtagMd5: context.trustEtagMd5, verifyHeaders: settings.verifyHeaders ?? true, headEveryObject: settings.headEveryObject ?? false, concurrency },
      warnings,
      signal,
    );
  } catch (error) {
    fail('list', error);
    return finish();
  }
  const { remote, trustEtagMd5 } = learnt;

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
    await writeManifest(store, { files: state.files, remote, executed, headed: learnt.headed, previousManifestDigest: learnt.previousManifestDigest }, { prefix, manifestKey }, warnings, signal);
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

function storeOptions(settings: DeployOptions) {
  return {
    bucket: settings.bucket,
    ...(settings.multipartThreshold !== undefined ? { multipartThreshold: settings.multipartThreshold } : {}),
    ...(settings.serverSideEncryption ? { serverSideEncryption: settings.serverSideEncryption } : {}),
  };
}
