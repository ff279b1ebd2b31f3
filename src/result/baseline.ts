import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { dateFolders } from './find-results.js';
import { readResultFile } from './read-result.js';
import { latestPathFor, RESULTS_DIR } from './result-paths.js';
import type { TaskResult } from './task-result.js';

/** The earlier build a new one is measured against. */
export interface Baseline {
  /** Its result file, relative to the repository. */
  path: string;
  file_count: number;
}

/** A build must have at least this share of the baseline's files unless handoff.yml says otherwise. */
export const DEFAULT_MIN_FILE_COUNT_RATIO = 0.9;

/**
 * The outputs that let a task's criteria compare its build with the last good one
 * (`file_count >= min_file_count`): on the first build any file at all passes; after that, at
 * least `ratio` of the baseline's count (rounded up), so a correct site of any size passes and
 * one that lost most of its pages does not. Pure.
 */
export function baselineOutputs(baseline: Baseline | undefined, ratio: number): { min_file_count: number; baseline_result: string | null; baseline_file_count: number | null } {
  if (!baseline) return { min_file_count: 1, baseline_result: null, baseline_file_count: null };
  return { min_file_count: Math.max(1, Math.ceil(baseline.file_count * ratio - 1e-9)), baseline_result: baseline.path, baseline_file_count: baseline.file_count };
}

/** What a build is compared with: the same kind of task, for the same environment, of the same site. */
export interface BaselineKey {
  type: string;
  environment: string;
  /** params.site_path: one repository may build several sites, each with its own size. */
  sitePath: string;
  /** The site results record in a repository of several (absent with one): its own results/latest/<site>/ link. */
  site?: string | undefined;
}

function isBaseline(result: TaskResult, key: BaselineKey): boolean {
  return (
    result.status === 'success' &&
    result.type === key.type &&
    result.environment === key.environment &&
    result.site === key.site &&
    result.outputs.site_path === key.sitePath &&
    typeof result.outputs.file_count === 'number'
  );
}

/**
 * The newest successful result of the same type, environment and site that counted files. The
 * results/latest link answers at once when its result matches; otherwise the date folders are
 * read newest first, and the first one holding a match decides.
 */
export async function findBaseline(repoRoot: string, key: BaselineKey): Promise<Baseline | undefined> {
  const latest = latestPathFor(key.type, key.environment, key.site);
  const linked = await readResultFile(path.join(repoRoot, latest), latest).catch(() => undefined);
  if (linked?.ok && isBaseline(linked.result, key)) {
    const resolved = await resolvedLatest(repoRoot, latest);
    return { path: resolved, file_count: linked.result.outputs.file_count as number };
  }
  for (const folder of await dateFolders(repoRoot)) {
    const names = (await readdir(path.join(repoRoot, RESULTS_DIR, folder)).catch(() => [] as string[])).filter((name) => name.endsWith('.result.md'));
    let best: { path: string; result: TaskResult } | undefined;
    for (const name of names) {
      const relative = path.posix.join(RESULTS_DIR, folder, name);
      const read = await readResultFile(path.join(repoRoot, relative), relative).catch(() => undefined);
      if (!read?.ok || !isBaseline(read.result, key)) continue;
      if (!best || String(read.result.finished_at) > String(best.result.finished_at)) best = { path: relative, result: read.result };
    }
    if (best) return { path: best.path, file_count: best.result.outputs.file_count as number };
  }
  return undefined;
}

/** The dated result file the latest link points at (the link itself when it cannot be read). */
async function resolvedLatest(repoRoot: string, latest: string): Promise<string> {
  const target = await readlink(path.join(repoRoot, latest)).catch(() => undefined);
  return target === undefined ? latest : path.posix.normalize(path.posix.join(path.posix.dirname(latest), target));
}
