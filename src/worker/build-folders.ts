import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Local build output lives in .handoff/build/<task-id>/, one folder per task run. */
export function buildFolderFor(repoRoot: string, taskId: string): string {
  return path.resolve(repoRoot, '.handoff', 'build', taskId);
}

/**
 * How many earlier build folders a run keeps: enough to compare the last builds by hand, few
 * enough that .handoff/ stays small (each folder is a whole site).
 */
export const KEPT_BUILD_FOLDERS = 4;

/**
 * Removes all but the newest `keep` folders (by modification time) under .handoff/build/, besides
 * the one of the task being built (`building`, a task id), which a build writes while this runs.
 * Only folders directly under it are touched; a folder that cannot be read or removed is left,
 * because pruning must never fail a build.
 */
export async function pruneBuildFolders(repoRoot: string, keep: number = KEPT_BUILD_FOLDERS, building?: string): Promise<string[]> {
  const parent = path.dirname(buildFolderFor(repoRoot, 'x'));
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const folders = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name !== building)
      .map(async (entry) => ({ name: entry.name, modified: (await stat(path.join(parent, entry.name)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  folders.sort((a, b) => b.modified - a.modified || b.name.localeCompare(a.name));
  const removed: string[] = [];
  for (const folder of folders.slice(keep)) {
    try {
      await rm(path.join(parent, folder.name), { recursive: true, force: true });
      removed.push(folder.name);
    } catch {
      // Left for the next run.
    }
  }
  return removed;
}
