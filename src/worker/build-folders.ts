import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runProgram, type ProgramRunner } from '../process/run-program.js';

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
export async function pruneBuildFolders(repoRoot: string, keep: number = KEPT_BUILD_FOLDERS, building?: string, runner: ProgramRunner = runProgram): Promise<string[]> {
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
      await removeTree(path.join(parent, folder.name), runner);
      removed.push(folder.name);
    } catch {
      // Left for the next run.
    }
  }
  return removed;
}

/**
 * Removes a folder and everything in it with the system's `rm -rf`, else (no rm, or it failed)
 * with node's fs.rm. A build folder is a whole site: for 2,500 pages in 2,500 folders rm took
 * 0.13 s of CPU where fs.rm took 0.69 s (rmSync 0.36 s), and a local deploy run pays it from its
 * fifth build on (bench/README.md). The path is one argument after `--`, never shell text; rm gets
 * an empty environment, so it is looked up in the system's default path (/usr/bin:/bin).
 */
export async function removeTree(folder: string, runner: ProgramRunner = runProgram): Promise<void> {
  const removed = await runner('rm', ['-rf', '--', folder], { env: {}, maxOutputBytes: 4096 }).then(
    (result) => result.exitCode === 0,
    () => false,
  );
  if (!removed) await rm(folder, { recursive: true, force: true });
}
