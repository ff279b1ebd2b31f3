import path from 'node:path';

export const RESULTS_DIR = 'results';
export const LATEST_DIR = 'latest';

/** `results/YYYY-MM-DD/<task-id>.result.md`, the date being the day (UTC) the task finished. */
export function resultPathFor(taskId: string, finishedAt: string): string {
  return path.posix.join(RESULTS_DIR, finishedAt.slice(0, 10), `${taskId}.result.md`);
}

/** `results/latest/<type>-<environment>.result.md`. */
export function latestPathFor(type: string, environment: string): string {
  return path.posix.join(RESULTS_DIR, LATEST_DIR, `${type}-${environment}.result.md`);
}
