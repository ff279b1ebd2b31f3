import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether a program can be started, looked up the way spawn looks it up (a path as given, a bare
 * name on PATH), with a few stats and no process start, so callers can refuse before they touch
 * anything.
 */
export async function isProgramAvailable(program: string, searchPath = process.env.PATH ?? ''): Promise<boolean> {
  const candidates = program.includes('/')
    ? [program]
    : searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, program));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return true;
    } catch {
      // not here; try the next folder on PATH
    }
  }
  return false;
}
