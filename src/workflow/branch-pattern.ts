import { compileGlob } from '../primitives/glob.js';

/**
 * `main`, or a pattern with `*` (one path segment) and `**` (any), as in the workflow's
 * `branches`: the one glob matcher (primitives/glob.ts), anchored at the whole branch name, as the
 * preview branches are.
 */
export function branchMatches(pattern: string, branch: string): boolean {
  return compileGlob(`/${pattern}`)(branch);
}
