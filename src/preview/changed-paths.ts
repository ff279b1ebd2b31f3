import { gitOutput, type Git } from '../git/git-runner.js';

/**
 * The repository paths that differ between `base` and `head` (renames count at both ends), or
 * undefined when the base commit cannot be had (a force push over history the remote no longer
 * has): the plan then rebuilds every site rather than guess. `forkPoint` compares from the merge
 * base of the two, as a pull request's diff does.
 */
export async function changedPathsBetween(git: Git, remote: string, base: { commit: string; forkPoint: boolean }, head: string): Promise<string[] | undefined> {
  if (!(await hasCommit(git, base.commit))) {
    // A shallow checkout may lack it: fetched by id, which GitHub serves for reachable commits.
    await git(['fetch', '--quiet', '--no-tags', remote, base.commit], { allowFailure: true });
    if (!(await hasCommit(git, base.commit))) return undefined;
  }
  let from = base.commit;
  if (base.forkPoint) {
    const merged = await git(['merge-base', base.commit, head], { allowFailure: true });
    if (merged.exitCode !== 0) return undefined;
    from = merged.stdout.trim();
  }
  const listed = await gitOutput(git, ['diff', '--name-only', '--no-renames', '-z', from, head]);
  return listed.split('\0').filter((file) => file !== '');
}

async function hasCommit(git: Git, commit: string): Promise<boolean> {
  return (await git(['cat-file', '-e', `${commit}^{commit}`], { allowFailure: true })).exitCode === 0;
}
