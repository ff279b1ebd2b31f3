import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { pathExists } from '../files/path-exists.js';
import { TASK_STATES, taskFolder } from './task-folders.js';

/** A task to write: its id and its text, for the n-th try (1: as asked; 2, 3, …: numbered). */
export type TaskCandidate = (attempt: number) => { id: string; text: string };

export type NewTaskFile =
  | { ok: true; id: string; path: string; text: string }
  | { ok: false; id: string; path: string; usedBy: string };

/** More tasks than this of one kind in one minute is a loop gone wrong, not a user. */
const MAX_ATTEMPTS = 99;

/** The brief of the n-th task of its kind in a minute: `staging`, then `staging-2`, `staging-3`, … */
export function numberedBrief(brief: string, attempt: number): string {
  return attempt === 1 ? brief : `${brief}-${attempt}`;
}

/**
 * Writes a new task into tasks/pending/ under an id no task in any folder has, so a command
 * repeated within the same minute makes a second task rather than failing. With `distinct: false`
 * (the user chose the brief) only the first candidate is tried and a clash is answered, never
 * renamed. The write is exclusive: a task someone else wrote in between is never overwritten.
 */
export async function writeNewTaskFile(root: string, candidate: TaskCandidate, options: { distinct: boolean }): Promise<NewTaskFile> {
  let previous: string | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { id, text } = candidate(attempt);
    const relative = path.posix.join(taskFolder('pending'), `${id}.md`);
    const existing = await usedBy(root, id);
    const clash = existing ?? (await writeExclusive(path.join(root, relative), text));
    if (clash === undefined) return { ok: true, id, path: relative, text };
    // An id that does not change with the attempt (a template without {brief}) cannot be numbered.
    if (!options.distinct || id === previous) return { ok: false, id, path: relative, usedBy: clash };
    previous = id;
  }
  const last = candidate(MAX_ATTEMPTS);
  return { ok: false, id: last.id, path: path.posix.join(taskFolder('pending'), `${last.id}.md`), usedBy: `${MAX_ATTEMPTS} tasks of this kind this minute` };
}

async function usedBy(root: string, id: string): Promise<string | undefined> {
  for (const state of TASK_STATES) {
    const existing = path.posix.join(taskFolder(state), `${id}.md`);
    if (await pathExists(path.join(root, existing))) return existing;
  }
  return undefined;
}

/** undefined when written; the path itself when another writer got there first. */
async function writeExclusive(absolute: string, text: string): Promise<string | undefined> {
  try {
    await writeFileAtomic(absolute, text, { exclusive: true });
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'a task written by someone else just now';
    throw error;
  }
}
