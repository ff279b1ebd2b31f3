import { runProgram, type ProgramRunner } from '../process/run-program.js';

/** The little the CLI asks of git to fill templates and stamp results. */
export interface GitInfo {
  /** The checked-out branch, or undefined (not a repository, detached HEAD, no git). */
  currentBranch(): Promise<string | undefined>;
  headCommit(): Promise<string | undefined>;
  /** Files under `pathspec` that differ from HEAD (modified, added, deleted, untracked); undefined without git. */
  uncommittedFiles(pathspec: string): Promise<string[] | undefined>;
}

/** The paths of `git status --porcelain=v1 -z --no-renames` output, repository-relative. */
export function porcelainPaths(statusZ: string): string[] {
  // Each entry is "XY path"; the first may start with a space, so the output is never trimmed.
  return statusZ
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}

export function gitInfoFor(repoRoot: string, run: ProgramRunner = runProgram): GitInfo {
  const ask = async (args: string[]): Promise<string | undefined> => {
    try {
      const result = await run('git', args, { cwd: repoRoot });
      const value = result.stdout.trim();
      return result.exitCode === 0 && value ? value : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    currentBranch: () => ask(['branch', '--show-current']),
    headCommit: () => ask(['rev-parse', '--verify', '--quiet', 'HEAD']),
    async uncommittedFiles(pathspec) {
      try {
        const result = await run('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', pathspec], { cwd: repoRoot });
        return result.exitCode === 0 ? porcelainPaths(result.stdout) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
