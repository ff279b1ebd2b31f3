import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathExists } from '../files/path-exists.js';
import type { Git } from '../git/git-runner.js';
import { readTaskFolders, statesOf } from '../lifecycle/task-tree.js';
import { entryAt, listFolder, readBlob } from '../git/tree-commit.js';
import { TASK_STATES, taskFolder, type TaskState } from '../lifecycle/task-folders.js';
import { findResultPath } from '../result/find-results.js';
import { readResultFile, type ReadResultFile } from '../result/read-result.js';
import { LATEST_DIR, RESULTS_DIR } from '../result/result-paths.js';

/** Where one task is in one copy of the repository (a commit on the remote, or the work tree). */
export interface TaskLocation {
  states: TaskState[];
  /** The result file, relative to the repository, when there is one. */
  resultPath?: string;
}

/** Where a task is in the work tree: its folder(s) and its result, read from disk. */
export async function localTaskLocation(root: string, id: string): Promise<TaskLocation> {
  const states: TaskState[] = [];
  for (const state of TASK_STATES) if (await pathExists(path.join(root, taskFolder(state), `${id}.md`))) states.push(state);
  const resultPath = await findResultPath(root, id);
  return { states, ...(resultPath ? { resultPath } : {}) };
}

/**
 * Where a task is at a commit, read from git's objects only (ls-tree, cat-file): the work tree,
 * with the agent's half-done edits, is never touched. Date folders are searched newest first, so
 * the usual case (a result from today) costs one lookup.
 */
export async function committedTaskLocation(git: Git, commit: string, id: string): Promise<TaskLocation> {
  const states = statesOf(await readTaskFolders(git, commit), `${id}.md`);
  const days = [...(await listFolder(git, commit, RESULTS_DIR)).entries()]
    .filter(([name, entry]) => entry.type === 'tree' && name !== LATEST_DIR && /^\d{4}-\d{2}-\d{2}$/.test(name))
    .map(([name]) => name)
    .sort()
    .reverse();
  for (const day of days) {
    const candidate = path.posix.join(RESULTS_DIR, day, `${id}.result.md`);
    if (await entryAt(git, commit, candidate)) return { states, resultPath: candidate };
  }
  return { states };
}

/**
 * Reads a result file from a commit with the same reader (and so the same checks and messages)
 * as a result on disk: the blob is put in a private temp folder for readResultFile and removed.
 */
export async function readCommittedResult(git: Git, commit: string, resultPath: string): Promise<ReadResultFile> {
  const entry = await entryAt(git, commit, resultPath);
  if (!entry) return { ok: false, problems: [{ file: resultPath, field: '(file)', expected: 'a result file', found: `nothing at ${commit.slice(0, 12)}` }] };
  const folder = await mkdtemp(path.join(os.tmpdir(), 'handoff-result-'));
  try {
    const file = path.join(folder, path.posix.basename(resultPath));
    await writeFile(file, await readBlob(git, entry.blob));
    return await readResultFile(file, resultPath);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * A task's result as the remote has it, for a verify run before the agent has pulled: fetches the
 * branch and reads the result from git objects. Undefined when there is no remote or no result.
 */
export async function fetchRemoteResult(
  git: Git,
  target: { remote: string; branch: string } | undefined,
  id: string,
  fetch: (git: Git, target: { remote: string; branch: string }) => Promise<string>,
): Promise<{ read: ReadResultFile; resultPath: string } | undefined> {
  if (!target) return undefined;
  const head = await fetch(git, target);
  const location = await committedTaskLocation(git, head, id);
  if (!location.resultPath) return undefined;
  return { read: await readCommittedResult(git, head, location.resultPath), resultPath: location.resultPath };
}
