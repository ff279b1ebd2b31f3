import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Whether a program is known to be missing, looked up the way spawn looks it up (a path as given,
 * a bare name on the search path the edge passed: the PATH the program will run with), with a
 * few stats and no process start, so callers can refuse before they touch anything. A bare name
 * with no search path given cannot be judged here; spawn's ENOENT then tells. The checks are
 * synchronous: a thread-pool round trip per folder of the search path cost more than the check,
 * on the way to starting hugo.
 */
export async function isProgramMissing(program: string, searchPath: string | undefined): Promise<boolean> {
  if (!program.includes('/') && searchPath === undefined) return false;
  const candidates = program.includes('/')
    ? [program]
    : (searchPath ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return false;
    } catch {
      // not here; try the next folder on the search path
    }
  }
  return true;
}
