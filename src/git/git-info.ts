import { runProgram, type ProgramRunner } from '../process/run-program.js';

/** The little the CLI asks of git to fill templates and stamp results. */
export interface GitInfo {
  /** The checked-out branch, or undefined (not a repository, detached HEAD, no git). */
  currentBranch(): Promise<string | undefined>;
  headCommit(): Promise<string | undefined>;
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
  };
}
