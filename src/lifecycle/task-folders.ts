import { link, mkdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pathExists } from '../files/path-exists.js';

export const TASK_STATES = ['pending', 'in-progress', 'completed', 'failed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASKS_DIR = 'tasks';

export function taskFolder(state: TaskState): string {
  return path.posix.join(TASKS_DIR, state);
}

/** The state a task file is in, from its folder, or undefined when it is not in one of them. */
export function stateOfTaskPath(relativePath: string): TaskState | undefined {
  const parts = relativePath.split(/[\\/]/);
  if (parts.length !== 3 || parts[0] !== TASKS_DIR) return undefined;
  return TASK_STATES.find((state) => state === parts[1]);
}

export class TaskMoveConflictError extends Error {
  constructor(readonly target: string) {
    super(`cannot move the task: ${target} already exists`);
    this.name = 'TaskMoveConflictError';
  }
}

/**
 * Moves a task file from one state folder to another and returns its new relative path. Never
 * overwrites: the move is a hard link (which fails if the target exists) and then an unlink, so
 * a task with the same id in the target folder is never lost. Falls back to a checked rename on
 * filesystems without hard links.
 */
export async function moveTask(repoRoot: string, fileName: string, from: TaskState, to: TaskState): Promise<string> {
  const source = path.join(repoRoot, taskFolder(from), fileName);
  const targetRelative = path.posix.join(taskFolder(to), fileName);
  const target = path.join(repoRoot, targetRelative);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new TaskMoveConflictError(targetRelative);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    if (await pathExists(target)) throw new TaskMoveConflictError(targetRelative);
    await rename(source, target);
    return targetRelative;
  }
  await unlink(source);
  return targetRelative;
}
