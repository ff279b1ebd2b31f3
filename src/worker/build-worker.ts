import path from 'node:path';
import { measuredTreeDigest, type TreeMeasure } from '../files/tree-digest.js';
import { countFiles } from '../hugo/build.js';
import { findHugoVersionNeeds, type HugoVersionRule } from '../hugo/required-version.js';
import { readSiteVersionFiles } from '../hugo/site-version-files.js';
import type { Task } from '../task/validate-task.js';
import { buildFolderFor, KEPT_BUILD_FOLDERS, pruneBuildFolders } from './build-folders.js';
import type { WorkerReport } from './worker-report.js';
import type { BuildTaskOutputs } from './task-outputs.js';
import { hugoDepsOf, type BuildTools } from './worker-tools.js';

/** Where a worker finds things: results in the orchestration checkout, the site (and its build) in the site's. */
type MeasuredTree = TreeMeasure & { digest: string };

export interface WorkerRoots {
  repoRoot: string;
  siteRoot: string;
}

/** Where the site's files come from: the checkout, or an earlier commit checked out apart. */
export interface BuildSource {
  root: string;
  commit: string | null;
}

export async function buildWorker({ siteRoot }: WorkerRoots, task: Extract<Task, { type: 'hugo-build' | 'hugo-deploy' }>, tools: BuildTools, source?: BuildSource): Promise<WorkerReport<BuildTaskOutputs>> {
  const params = task.params;
  const sourceRoot = source?.root ?? siteRoot;
  // A checkout of a commit is that commit; the work tree may hold more than its HEAD. git answers
  // while hugo builds: what hugo writes (resources/_gen/ in the site, the build folder under
  // .handoff/) is not a site change (isSiteChange), so the answer is the one before the build.
  const dirtiness = source ? undefined : tools.isSourceDirty?.(params.site_path);
  // Handled here so a failure waits for the await below instead of ending the process mid-build.
  dirtiness?.catch(() => undefined);
  // Earlier builds' folders (each a whole site) are removed while hugo writes this one's.
  const pruning = pruneBuildFolders(siteRoot, KEPT_BUILD_FOLDERS, task.id);
  const hugoVersionRule = await hugoVersionRuleFor(sourceRoot, params.site_path, tools.hugoPin);
  // file_count is counted in the walk that measures the output for its digest: one walk of it.
  let measuring: Promise<MeasuredTree | undefined> | undefined;
  const countOutput = async (destination: string): Promise<number> => {
    measuring = measuredTreeDigest(destination).catch(() => undefined);
    const measured = await measuring;
    return measured ? measured.files.size : countFiles(destination);
  };
  const built = await tools.buildSite(
    {
      siteDir: path.resolve(sourceRoot, params.site_path),
      destination: buildFolderFor(siteRoot, task.id),
      pathsFrom: sourceRoot,
      hugoVersionRule,
      ...(tools.allowHugoMismatch ? { allowHugoMismatch: true } : {}),
      ...(params.base_url ? { baseUrl: params.base_url } : {}),
      environment: hugoEnvironmentOf(task),
      ...(params.minify !== undefined ? { minify: params.minify } : {}),
      ...(params.build_drafts !== undefined ? { buildDrafts: params.build_drafts } : {}),
      ...(params.build_future !== undefined ? { buildFuture: params.build_future } : {}),
      ...(params.build_expired !== undefined ? { buildExpired: params.build_expired } : {}),
    },
    { ...hugoDepsOf(tools), countOutput },
  );
  // A build tool that did not count through countOutput (or a failed build hugo left no error for) is measured here.
  const measured = built.error ? undefined : await (measuring ?? measuredTreeDigest(built.outputs.output_dir).catch(() => undefined));
  const sourceDirty = source ? false : await dirtiness;
  await pruning;
  const outputs: BuildTaskOutputs = {
    ...built.outputs,
    output_dir: path.relative(siteRoot, built.outputs.output_dir) || '.',
    site_path: params.site_path,
    source_commit: source ? source.commit : (tools.commit ?? null),
    ...(sourceDirty !== undefined ? { source_dirty: sourceDirty } : {}),
    tree_digest: measured?.digest ?? null,
  };
  return { outputs, log: built.log, ...(built.error ? { error: built.error } : {}), ...(measured ? { measuredTree: { directories: measured.directories, files: measured.files } } : {}) };
}

/** The environment hugo builds with (its --environment, and the config/<environment>/ folder it reads). */
export function hugoEnvironmentOf(task: Extract<Task, { type: 'hugo-build' | 'hugo-deploy' }>): string {
  return task.params.hugo_environment ?? task.environment;
}

/** handoff.yml's pin and the minimums the site's themes and modules state (a few small file reads). */
async function hugoVersionRuleFor(root: string, sitePath: string, pin: string | undefined): Promise<HugoVersionRule> {
  const needs = findHugoVersionNeeds(await readSiteVersionFiles(root, sitePath));
  return { minimums: needs.minimums, ...(pin ? { pinned: { version: pin, source: 'handoff.yml hugo_version' } } : {}) };
}
