import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { replaceSymlink, writeFileAtomic } from '../files/atomic-write.js';
import { readResultFile } from './read-result.js';
import { renderResult } from './render-result.js';
import { latestPathFor, resultPathFor } from './result-paths.js';
import type { TaskResult } from './task-result.js';

/**
 * Writes a task's result file atomically and points results/latest/[<site>/]<type>-<environment> at it,
 * unless that link already points at a result that finished later (runs may record out of order)
 * or the task was too broken to have a type and environment (`updateLatest: false`).
 * Returns the result file's path relative to the repository.
 */
export async function writeResult(
  repoRoot: string,
  result: TaskResult,
  log: string,
  options: { updateLatest?: boolean } = {},
): Promise<string> {
  const relative = resultPathFor(result.task_id, result.finished_at);
  await writeFileAtomic(path.join(repoRoot, relative), renderResult(result, log));

  if (options.updateLatest === false) return relative;
  const latest = latestPathFor(result.type, result.environment, result.site);
  const latestAbsolute = path.join(repoRoot, latest);
  const newer = await latestFinishedAt(latestAbsolute);
  if (newer === undefined || newer <= result.finished_at) {
    await replaceSymlink(path.posix.relative(path.posix.dirname(latest), relative), latestAbsolute);
  }
  return relative;
}

async function latestFinishedAt(link: string): Promise<string | undefined> {
  try {
    await readlink(link);
  } catch {
    return undefined;
  }
  const current = await readResultFile(link, link);
  return current.ok ? current.result.finished_at : undefined;
}
