import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { baselineOutputs } from '../../src/result/baseline.js';
import { makeTempRepo, MINIMAL_SITE, type TempRepo } from '../helpers/temp-repo.js';

const repos: TempRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()));
});

/** A site with `pages` posts, so the build's file count follows the content. */
function posts(pages: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: pages }, (_, index) => [`site/content/posts/p${index}.md`, `---\ntitle: Post ${index}\n---\nText ${index}.\n`]));
}

async function buildWithTemplate(repo: TempRepo, brief: string) {
  const created = await repo.handoff(['new', 'hugo-build', '--env', 'staging', '--description', 'Build', '--brief', brief, '--json']);
  expect(created.code, created.stderr + created.stdout).toBe(0);
  const ran = await repo.handoff(['run', created.json().path, '--json']);
  return { id: created.json().id as string, code: ran.code, json: ran.json(), stderr: ran.stderr };
}

describe('the build is compared with the last successful build of its type and environment', () => {
  it('baselineOutputs: more than zero on a first build, else the ratio of the baseline rounded up', () => {
    expect(baselineOutputs(undefined, 0.9)).toEqual({ min_file_count: 1, baseline_result: null, baseline_file_count: null });
    expect(baselineOutputs({ path: 'results/2026-01-01/a.result.md', file_count: 47 }, 0.9)).toEqual({ min_file_count: 43, baseline_result: 'results/2026-01-01/a.result.md', baseline_file_count: 47 });
    expect(baselineOutputs({ path: 'r', file_count: 10 }, 0.9).min_file_count).toBe(9);
    expect(baselineOutputs({ path: 'r', file_count: 0 }, 0.9).min_file_count).toBe(1);
  });

  it('a small correct site passes with the shipped template, a site that lost its pages fails as criteria-not-met naming the baseline', async () => {
    const repo = await makeTempRepo({ ...MINIMAL_SITE, ...posts(20) });
    repos.push(repo);
    const first = await buildWithTemplate(repo, 'first');
    expect(first.code, first.stderr).toBe(0);
    const firstResult = await repo.read(first.json.result_path);
    expect(firstResult).toMatch(/min_file_count: 1\n/);
    expect(firstResult).toMatch(/baseline_result: null/);
    const fileCount = Number(/file_count: (\d+)/.exec(firstResult)?.[1]);
    expect(fileCount).toBeGreaterThan(20);
    expect(fileCount).toBeLessThan(100); // the old `file_count > 100` failed a site like this

    const second = await buildWithTemplate(repo, 'second');
    expect(second.code, second.stderr).toBe(0);
    const secondResult = await repo.read(second.json.result_path);
    expect(secondResult).toContain(`baseline_result: ${first.json.result_path}`);
    expect(secondResult).toContain(`baseline_file_count: ${fileCount}`);
    expect(secondResult).toContain(`min_file_count: ${Math.ceil(fileCount * 0.9)}`);

    // Most posts gone: hugo still builds without an error, the criterion catches it.
    await import('node:fs/promises').then(({ rm }) => Promise.all(Array.from({ length: 15 }, (_, index) => rm(`${repo.root}/site/content/posts/p${index}.md`))));
    const broken = await buildWithTemplate(repo, 'broken');
    expect(broken.code).toBe(1);
    expect(broken.json.error).toMatchObject({ category: 'criteria-not-met', action: 'escalate' });
    expect(broken.json.error.message).toContain('file_count >= min_file_count');
    expect(broken.json.error.message).toMatch(/file_count is \d+/);
    expect(broken.json.error.message).toContain(String(Math.ceil(fileCount * 0.9)));
    const verified = await repo.handoff(['verify', broken.id, '--json']);
    expect(verified.code).toBe(1);
    expect(verified.json().error.category).toBe('criteria-not-met');
    expect(await repo.read(broken.json.result_path)).toContain(`baseline_result: ${second.json.result_path}`);

    // A failed result is never a baseline; a lower ratio in handoff.yml lets the smaller site through.
    await repo.write({ 'handoff.yml': `${await repo.read('handoff.yml')}criteria:\n  min_file_count_ratio: 0.2\n` });
    const smaller = await buildWithTemplate(repo, 'smaller');
    expect(smaller.code, JSON.stringify(smaller.json.error)).toBe(0);
    const smallerResult = await repo.read(smaller.json.result_path);
    expect(smallerResult).toContain(`baseline_result: ${second.json.result_path}`);
    expect(smallerResult).toContain(`min_file_count: ${Math.ceil(fileCount * 0.2)}`);

    // Another environment has its own baseline.
    const dev = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Dev build', '--json']);
    const devRun = await repo.handoff(['run', dev.json().path, '--json']);
    expect(devRun.code, devRun.stderr).toBe(0);
    expect(await repo.read(devRun.json().result_path)).toMatch(/baseline_result: null/);
  });

  it('two sites in one repository each have their own baseline', async () => {
    const big = Object.fromEntries(Object.entries({ ...MINIMAL_SITE, ...posts(30) }).map(([file, text]) => [file.replace(/^site\//, 'big/'), text]));
    const repo = await makeTempRepo({ ...MINIMAL_SITE, ...big });
    repos.push(repo);
    const run = async (site: string, brief: string) => {
      const created = await repo.handoff(['new', 'hugo-build', '--env', 'staging', '--description', 'Build', '--brief', brief, '--set', `site_path=${site}`, '--json']);
      expect(created.code, created.stderr + created.stdout).toBe(0);
      const ran = await repo.handoff(['run', created.json().path, '--json']);
      return { code: ran.code, json: ran.json() };
    };
    const bigFirst = await run('big', 'big');
    expect(bigFirst.code).toBe(0);
    // The small site right after the big one: compared with nothing of its own, not with the big site.
    const small = await run('site', 'small');
    expect(small.code, JSON.stringify(small.json.error)).toBe(0);
    expect(await repo.read(small.json.result_path)).toMatch(/baseline_result: null/);
    const bigAgain = await run('big', 'big-again');
    expect(bigAgain.code).toBe(0);
    expect(await repo.read(bigAgain.json.result_path)).toContain(`baseline_result: ${bigFirst.json.result_path}`);
  });

  it('a threshold outside (0, 1] in handoff.yml is a configuration problem naming the field', () => {
    const bad = parseConfig('criteria:\n  min_file_count_ratio: 1.5\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ file: 'handoff.yml', line: 2, field: 'criteria.min_file_count_ratio' });
    expect(parseConfig('criteria:\n  min_file_count_ratio: 0.5\n')).toMatchObject({ ok: true, config: { criteria: { min_file_count_ratio: 0.5 } } });
  });
});
