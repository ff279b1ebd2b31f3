import { parseConfig, CONFIG_FILE, type LoadedConfig } from '../config/load-config.js';
import type { Git } from '../git/git-runner.js';
import { fetchBranch } from '../git/push-with-retry.js';

/**
 * handoff.yml as the remote's `branch` (the default branch) has it, not as the pushed commit
 * has it: where a deploy goes and what it may delete is never decided by the branch being
 * previewed. A branch without handoff.yml gets an empty config (which then names what is missing).
 */
export async function readConfigFromBranch(git: Git, remote: string, branch: string): Promise<LoadedConfig & { commit: string }> {
  const commit = await fetchBranch(git, { remote, branch });
  const shown = await git(['show', `${commit}:${CONFIG_FILE}`], { allowFailure: true });
  if (shown.exitCode !== 0) return { ok: true, config: {}, found: false, commit };
  return { ...parseConfig(shown.stdout), commit };
}
