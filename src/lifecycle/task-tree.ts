import path from 'node:path';
import { TASK_STATES, taskFolder, type TaskState } from './task-folders.js';
import type { Git } from '../git/git-runner.js';
import { listFolder, type TreeEdit, type TreeEntry } from '../git/tree-commit.js';

/** The task files of each state folder at one commit, by file name. */
export type TaskFolders = Record<TaskState, Map<string, TreeEntry>>;

export async function readTaskFolders(git: Git, commit: string): Promise<TaskFolders> {
  const listed = await Promise.all(TASK_STATES.map((state) => listFolder(git, commit, taskFolder(state))));
  const folders = {} as TaskFolders;
  TASK_STATES.forEach((state, index) => {
    const entries = listed[index] ?? new Map<string, TreeEntry>();
    for (const name of [...entries.keys()]) {
      const entry = entries.get(name);
      // .gitkeep and sub-folders are not tasks.
      if (!name.endsWith('.md') || entry?.type !== 'blob') entries.delete(name);
    }
    folders[state] = entries;
  });
  return folders;
}

/** Where a task file is at that commit (normally one state; more only after a bad manual edit). */
export function statesOf(folders: TaskFolders, fileName: string): TaskState[] {
  return TASK_STATES.filter((state) => folders[state].has(fileName));
}

/**
 * The edits that leave a task file in `to` and nowhere else. The file keeps its content (the blob
 * of wherever it was), so a move shows in git as a rename.
 */
export function moveTaskEdits(folders: TaskFolders, fileName: string, to: TaskState, blob?: string): TreeEdit[] {
  const edits: TreeEdit[] = [];
  const found = blob ?? folders[to].get(fileName)?.blob ?? statesOf(folders, fileName).map((state) => folders[state].get(fileName)?.blob)[0];
  for (const state of TASK_STATES) {
    if (state !== to && folders[state].has(fileName)) edits.push({ kind: 'delete', path: path.posix.join(taskFolder(state), fileName) });
  }
  if (found && folders[to].get(fileName)?.blob !== found) edits.push({ kind: 'blob', path: path.posix.join(taskFolder(to), fileName), blob: found });
  return edits;
}
