import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runProgram, type ProgramRunner } from '../process/run-program.js';

/** A commit's files, checked out apart from the user's work tree. */
export interface CommitCheckout {
  dir: string;
  remove(): Promise<void>;
}

export type CheckoutCommit = (repoRoot: string, commit: string, name: string) => Promise<CommitCheckout>;

/**
 * Checks a commit out into .handoff/source/<name> with `git worktree add --detach`: the user's
 * work tree, index and branch stay as they are. A shallow clone (a CI checkout) fetches the
 * commit by its id first. Argument arrays only: the commit and name come from result files.
 */
export function commitCheckoutFor(run: ProgramRunner = runProgram): CheckoutCommit {
  return async (repoRoot, commit, name) => {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) throw new Error(`not a full commit id: ${JSON.stringify(commit)}`);
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`not a safe folder name: ${JSON.stringify(name)}`);
    const git = async (args: string[], allowFailure = false) => {
      const result = await run('git', args, { cwd: repoRoot });
      if (result.exitCode !== 0 && !allowFailure) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim().split('\n').slice(-2).join(' ')}`);
      return result;
    };
    const dir = path.join(repoRoot, '.handoff', 'source', name);
    await git(['worktree', 'remove', '--force', dir], true);
    await rm(dir, { recursive: true, force: true });
    await git(['worktree', 'prune']);
    if ((await git(['cat-file', '-e', `${commit}^{commit}`], true)).exitCode !== 0) {
      await git(['fetch', '--quiet', '--no-tags', 'origin', commit], true);
    }
    await git(['worktree', 'add', '--quiet', '--detach', '--force', dir, commit]);
    return {
      dir,
      async remove() {
        await git(['worktree', 'remove', '--force', dir], true);
        await rm(dir, { recursive: true, force: true });
        await git(['worktree', 'prune'], true);
      },
    };
  };
}
