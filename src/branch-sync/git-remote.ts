import { gitFor, gitOutput, type Git } from '../git/git-runner.js';
import type { RemoteBranch } from '../git/push-with-retry.js';

/**
 * git for the agent's own clone. Unlike the workflow's git it keeps the user's identity and
 * configuration (their commits are theirs); only prompts are turned off, so a missing credential
 * fails fast instead of hanging an agent that cannot type.
 */
export function agentGit(repoRoot: string, env: NodeJS.ProcessEnv): Git {
  return gitFor(repoRoot, { env });
}

export async function isGitRepository(git: Git): Promise<boolean> {
  return (await git(['rev-parse', '--is-inside-work-tree'], { allowFailure: true })).exitCode === 0;
}

/** The checked-out branch, or undefined on a detached HEAD. */
export async function currentBranch(git: Git): Promise<string | undefined> {
  const branch = (await git(['branch', '--show-current'], { allowFailure: true })).stdout.trim();
  return branch || undefined;
}

/**
 * Where this clone's work goes: the current branch's upstream when it has one, else the branch of
 * the same name on `origin`. Undefined when there is no remote at all: a purely local setup, where
 * `handoff watch` on this machine runs the tasks and the results stay local.
 */
export async function remoteBranchFor(git: Git): Promise<RemoteBranch | undefined> {
  const branch = await currentBranch(git);
  if (!branch) return undefined;
  const upstreamRemote = (await git(['config', '--get', `branch.${branch}.remote`], { allowFailure: true })).stdout.trim();
  const upstreamMerge = (await git(['config', '--get', `branch.${branch}.merge`], { allowFailure: true })).stdout.trim();
  if (upstreamRemote && upstreamRemote !== '.' && upstreamMerge.startsWith('refs/heads/')) {
    return { remote: upstreamRemote, branch: upstreamMerge.slice('refs/heads/'.length) };
  }
  const remotes = (await gitOutput(git, ['remote'])).split('\n').filter(Boolean);
  if (remotes.includes('origin')) return { remote: 'origin', branch };
  return undefined;
}

