import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readResultFile } from './read-result.js';
import { LATEST_DIR, RESULTS_DIR } from './result-paths.js';
import type { TaskResult } from './task-result.js';

export interface FoundResult {
  /** Relative to the repository. */
  path: string;
  result: TaskResult;
}

/** Date folders under results/, newest first. */
export async function dateFolders(repoRoot: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(repoRoot, RESULTS_DIR), { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && entry.name !== LATEST_DIR && /^\d{4}-\d{2}-\d{2}$/.test(entry.name))
      .map((entry) => entry.name)
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

/** The result file of a task id (the newest, should it have been run on two days). */
export async function findResultPath(repoRoot: string, taskId: string): Promise<string | undefined> {
  for (const folder of await dateFolders(repoRoot)) {
    const candidate = path.posix.join(RESULTS_DIR, folder, `${taskId}.result.md`);
    const names = await readdir(path.join(repoRoot, RESULTS_DIR, folder));
    if (names.includes(`${taskId}.result.md`)) return candidate;
  }
  return undefined;
}

/** The newest results, by finished_at, reading only as many date folders as it needs. */
export async function listRecentResults(repoRoot: string, limit: number): Promise<FoundResult[]> {
  const found: FoundResult[] = [];
  for (const folder of await dateFolders(repoRoot)) {
    const names = (await readdir(path.join(repoRoot, RESULTS_DIR, folder))).filter((name) => name.endsWith('.result.md'));
    for (const name of names) {
      const relative = path.posix.join(RESULTS_DIR, folder, name);
      const read = await readResultFile(path.join(repoRoot, relative), relative);
      if (read.ok) found.push({ path: relative, result: read.result });
    }
    if (found.length >= limit) break;
  }
  return found.sort((a, b) => String(b.result.finished_at).localeCompare(String(a.result.finished_at))).slice(0, limit);
}

/** The result of a task id, read; undefined when there is none or it cannot be read. */
export async function readResultOf(repoRoot: string, taskId: string): Promise<FoundResult | undefined> {
  const relative = await findResultPath(repoRoot, taskId);
  if (!relative) return undefined;
  const read = await readResultFile(path.join(repoRoot, relative), relative);
  return read.ok ? { path: relative, result: read.result } : undefined;
}

/**
 * Successful deploys of an environment, newest first: what a rollback goes back to. `site` is the
 * site results record (absent in a one-site repository): each site rolls back among its own deploys.
 */
export async function successfulDeploys(repoRoot: string, environment: string, site?: string): Promise<FoundResult[]> {
  const all = await listRecentResults(repoRoot, Number.MAX_SAFE_INTEGER);
  return all.filter(
    ({ result }) => result.type === 'hugo-deploy' && result.environment === environment && result.site === site && result.status === 'success' && result.outputs.dry_run !== true,
  );
}
