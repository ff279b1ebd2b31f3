import type { Git } from '../git/git-runner.js';
import { CONFIG_FILE, parseConfig, type LoadedConfig } from './load-config.js';

/**
 * handoff.yml as a commit has it, read from git's objects (the work tree may hold another
 * version): the one reader for the workflow's trusted settings, the previews' default branch and
 * the sweep. One answer for each case:
 * - no handoff.yml at that commit: ok, an empty config, `found: false` (as loadConfig answers a
 *   repository without one; the caller then names what is missing);
 * - an invalid one: not ok, with its problems (line, field, expected, found);
 * - a commit this clone does not have, or a file git cannot read: not ok, one problem naming the
 *   commit and git's answer.
 */
export async function configAtCommit(git: Git, commit: string): Promise<LoadedConfig> {
  const unreadable = (found: string): LoadedConfig => ({
    ok: false,
    problems: [{ file: CONFIG_FILE, field: '(file)', expected: `the file at commit ${commit.slice(0, 12)} of this clone`, found }],
  });
  const listed = await git(['ls-tree', '--name-only', commit, '--', CONFIG_FILE], { allowFailure: true });
  if (listed.exitCode !== 0) return unreadable(`no such commit here (${listed.stderr.trim() || `git ls-tree exited ${listed.exitCode}`})`);
  if (listed.stdout.trim() === '') return { ok: true, config: {}, found: false };
  const shown = await git(['show', `${commit}:${CONFIG_FILE}`], { allowFailure: true });
  if (shown.exitCode !== 0) return unreadable(`git show failed: ${shown.stderr.trim()}`);
  return parseConfig(shown.stdout);
}
