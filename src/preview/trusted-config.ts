import { configAtCommit } from '../config/config-at-commit.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Git } from '../git/git-runner.js';
import { fetchBranch } from '../git/push-with-retry.js';

/**
 * handoff.yml as the remote's `branch` (the default branch) has it, not as the pushed commit
 * has it: where a deploy goes and what it may delete is never decided by the branch being
 * previewed. A branch without handoff.yml gets an empty config (which then names what is missing);
 * see configAtCommit for the other answers.
 */
export async function readConfigFromBranch(git: Git, remote: string, branch: string): Promise<LoadedConfig & { commit: string }> {
  const commit = await fetchBranch(git, { remote, branch });
  return { ...(await configAtCommit(git, commit)), commit };
}
