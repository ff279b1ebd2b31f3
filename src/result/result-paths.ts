import path from 'node:path';
import { SITE_NAME_PATTERN } from '../config/config-schema.js';

export const RESULTS_DIR = 'results';
export const LATEST_DIR = 'latest';

/** `results/YYYY-MM-DD/<task-id>.result.md`, the date being the day (UTC) the task finished. */
export function resultPathFor(taskId: string, finishedAt: string): string {
  return path.posix.join(RESULTS_DIR, finishedAt.slice(0, 10), `${taskId}.result.md`);
}

/**
 * `results/latest/<type>-<environment>.result.md`; in a repository of several sites, each site's
 * links are in `results/latest/<site>/`, so a single-site repository keeps its paths.
 */
export function latestPathFor(type: string, environment: string, site?: string): string {
  // A result file is read back by record: its site must not steer the link out of results/latest/.
  if (site !== undefined && !SITE_NAME_PATTERN.test(site)) throw new Error(`a result's site must be a site name; found ${JSON.stringify(site)}`);
  return path.posix.join(RESULTS_DIR, LATEST_DIR, ...(site ? [site] : []), `${type}-${environment}.result.md`);
}
