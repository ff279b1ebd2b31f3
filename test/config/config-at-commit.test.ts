import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { configAtCommit } from '../../src/config/config-at-commit.js';
import { gitFor } from '../../src/git/git-runner.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const execFileAsync = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A repository with one commit per given tree; answers each commit's hash, oldest first. */
async function repositoryWith(...trees: Array<Record<string, string>>): Promise<{ root: string; commits: string[] }> {
  const dir = await makeTempDir('config-at-commit');
  cleanups.push(dir.remove);
  const git = (...args: string[]) => execFileAsync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir.path });
  await git('init', '-q', '-b', 'main');
  const commits: string[] = [];
  for (const tree of trees) {
    await writeTree(dir.path, tree);
    await git('add', '-A');
    await git('commit', '-q', '--allow-empty', '-m', 'step');
    commits.push((await git('rev-parse', 'HEAD')).stdout.trim());
  }
  return { root: dir.path, commits };
}

describe('handoff.yml at a commit: one reader, one answer per case', () => {
  it('reads the commit, not the work tree; a commit without the file is an empty config, found: false', async () => {
    const { root, commits } = await repositoryWith({ 'README.md': 'x\n' }, { 'handoff.yml': 'site_path: site\n' });
    await writeTree(root, { 'handoff.yml': 'site_path: elsewhere\n' });
    const git = gitFor(root, { env: {} });
    expect(await configAtCommit(git, commits[0]!)).toEqual({ ok: true, config: {}, found: false });
    expect(await configAtCommit(git, commits[1]!)).toEqual({ ok: true, config: { site_path: 'site' }, found: true });
  });

  it('an invalid file is refused with its line and field', async () => {
    const { root, commits } = await repositoryWith({ 'handoff.yml': 'site_path: site\nenvironments:\n  production:\n    max_deletes: many\n' });
    const loaded = await configAtCommit(gitFor(root, { env: {} }), commits[0]!);
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? [] : loaded.problems.map((problem) => [problem.file, problem.line, problem.field])).toEqual([['handoff.yml', 4, 'environments.production.max_deletes']]);
  });

  it('a commit this clone does not have is refused naming the commit, not read as a missing file', async () => {
    const { root } = await repositoryWith({ 'README.md': 'x\n' });
    const loaded = await configAtCommit(gitFor(root, { env: {} }), 'f'.repeat(40));
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? [] : loaded.problems.map((problem) => [problem.file, problem.field, problem.expected])).toEqual([['handoff.yml', '(file)', 'the file at commit ffffffffffff of this clone']]);
  });
});
