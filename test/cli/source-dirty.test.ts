import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../helpers/temp-repo.js';

const execFileAsync = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Creates and runs a hugo-build task; answers its result's provenance lines. */
async function buildOnce(repo: TempRepo): Promise<{ dirty: string | undefined; commit: string | undefined; digest: string | undefined }> {
  const created = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Build', '--json']);
  expect(created.code, created.stderr).toBe(0);
  const ran = await repo.handoff(['run', created.json().path, '--json']);
  expect(ran.code, ran.stderr).toBe(0);
  const result = await repo.read(ran.json().result_path);
  return {
    dirty: /^ {2}source_dirty: (\w+)$/m.exec(result)?.[1],
    commit: /^ {2}source_commit: "?([0-9a-f]+)"?$/m.exec(result)?.[1],
    digest: /^ {2}tree_digest: "?(sha256:[0-9a-f]+)"?$/m.exec(result)?.[1],
  };
}

it('a local run records source_dirty from the site folder, hugo\'s own files aside, with the tree digest; submit ignores those files too', async () => {
  const repo = await makeTempRepo();
  cleanups.push(() => repo.remove());
  const git = (...args: string[]) => execFileAsync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: repo.root });
  const head = (await git('rev-parse', 'HEAD')).stdout.trim();

  const clean = await buildOnce(repo);
  expect(clean).toMatchObject({ dirty: 'false', commit: head });

  // What hugo writes into the site folder is not a change of the site.
  await repo.write({ 'site/resources/_gen/images/cover_hu123.webp': 'cache', 'site/.hugo_build.lock': '', 'site/public/index.html': 'old output' });
  expect((await buildOnce(repo)).dirty).toBe('false');
  const created = await repo.handoff(['new', 'hugo-build', '--env', 'staging', '--description', 'Submit', '--json']);
  const submitted = await repo.handoff(['submit', created.json().path, '--no-push', '--json']);
  expect(submitted.code, submitted.stderr).toBe(0);
  expect(submitted.json()).toMatchObject({ site_changes: [], note: expect.not.stringContaining('uncommitted') });

  await repo.write({ 'site/content/posts/first.md': '---\ntitle: First, edited\ndate: 2026-01-02\n---\nNot committed yet.\n' });
  const dirty = await buildOnce(repo);
  expect(dirty.dirty).toBe('true');
  expect(dirty.commit).toBe((await git('rev-parse', 'HEAD')).stdout.trim());
  expect(dirty.digest).toMatch(/^sha256:/);
  expect(dirty.digest).not.toBe(clean.digest);
});
