import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempRepo, MINIMAL_SITE, type TempRepo } from '../helpers/temp-repo.js';

const repos: TempRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()));
});

async function repoWith(files: Record<string, string>): Promise<TempRepo> {
  const repo = await makeTempRepo({ ...MINIMAL_SITE, ...files });
  repos.push(repo);
  return repo;
}

/** Creates a hugo-build task through the CLI, with criteria fitting the tiny test site. */
async function newBuildTask(repo: TempRepo): Promise<{ id: string; path: string }> {
  const created = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Build the test site', '--json']);
  expect(created.code, created.stderr + created.stdout).toBe(0);
  const { id, path: taskPath } = created.json();
  const text = await repo.read(taskPath);
  await repo.write({ [taskPath]: text.replace('file_count > 100', 'file_count > 2') });
  return { id, path: taskPath };
}

describe('handoff run with the real hugo', () => {
  it('a good build: success, result file, latest link, task completed, exit 0', async () => {
    const repo = await repoWith({});
    const task = await newBuildTask(repo);
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const output = run.json();
    expect(output).toMatchObject({ ok: true, status: 'success', verdict: 'pass', task_id: task.id, task_file: `tasks/completed/${task.id}.md`, error: null });
    expect(output.result_path).toMatch(/^results\/\d{4}-\d{2}-\d{2}\/.*\.result\.md$/);
    expect(output.criteria.every((criterion: { pass: boolean }) => criterion.pass)).toBe(true);

    const resultText = await repo.read(output.result_path);
    expect(resultText).toContain('build_success: true');
    expect(resultText).toMatch(/file_count: \d+/);
    expect(resultText).toMatch(/hugo_version: 0\.\d+/);
    expect(await readlink(path.join(repo.root, 'results/latest/hugo-build-dev.result.md'))).toBe(`../${output.result_path.slice('results/'.length)}`);
    await expect(repo.read(`tasks/completed/${task.id}.md`)).resolves.toContain(task.id);
    await expect(repo.read(task.path)).rejects.toThrow();

    const verify = await repo.handoff(['verify', task.id, '--json']);
    expect(verify.code).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true, verdict: 'pass', status: 'success', missing_outputs: [] });

    const again = await repo.handoff(['run', task.path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no such task file');
    const finished = await repo.handoff(['run', `tasks/completed/${task.id}.md`]);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toContain('expected a task file in tasks/pending/');
  });

  it('a template error: failed result, classified, with the layout file and line', async () => {
    const repo = await repoWith({ 'site/layouts/_default/single.html': '<h1>{{ .Title }}</h1>\n{{ .Nope }}\n' });
    const task = await newBuildTask(repo);
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code).toBe(1);
    const output = run.json();
    expect(output.status).toBe('failed');
    expect(output.error).toMatchObject({ category: 'markdown-or-template-syntax', action: 'auto-fix', file: 'site/layouts/_default/single.html', line: 2 });
    const result = await repo.read(output.result_path);
    expect(result.match(/can't evaluate field Nope/g)?.length).toBeGreaterThan(0);
    const errorsBlock = result.slice(result.indexOf('  errors:'), result.indexOf('  warnings:'));
    expect(errorsBlock.match(/- message:/g)).toHaveLength(1);
    await expect(repo.read(`tasks/failed/${task.id}.md`)).resolves.toContain(task.id);
  });

  it('a broken ref: broken-internal-link with the content file, line and column', async () => {
    const repo = await repoWith({ 'site/content/posts/second.md': '---\ntitle: Second\n---\nSee [missing]({{< ref "missing" >}}).\n' });
    const task = await newBuildTask(repo);
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code).toBe(1);
    const output = run.json();
    expect(output.error).toMatchObject({ category: 'broken-internal-link', action: 'auto-fix', file: 'site/content/posts/second.md', line: 4 });
    expect(output.error.next_step).toContain('site/content/posts/second.md:4');
    const verify = await repo.handoff(['verify', task.id]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('broken-internal-link (auto-fix)');
    expect(verify.stdout).toContain('next: ');
  });

  it('bad YAML in a content file: the file and line from hugo stderr', async () => {
    const repo = await repoWith({ 'site/content/posts/second.md': '---\ntitle: Second\ntags: [a, b\n---\nBody\n' });
    const task = await newBuildTask(repo);
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code).toBe(1);
    const output = run.json();
    expect(output.error).toMatchObject({ category: 'markdown-or-template-syntax', action: 'auto-fix', file: 'site/content/posts/second.md' });
    expect(output.error.message).toMatch(/YAML/);
  });

  it('no hugo on PATH: a classified missing-tool failure, not a crash', async () => {
    const repo = await repoWith({});
    const task = await newBuildTask(repo);
    // handoff itself is started by node's absolute path; hugo (and git) are looked up on PATH.
    const run = await repo.handoff(['run', task.path, '--json'], { env: { ...process.env, PATH: '/nonexistent' } });
    expect(run.code, run.stderr).toBe(1);
    const output = run.json();
    expect(output.error).toMatchObject({ category: 'missing-tool', action: 'escalate' });
    expect(output.error.message).toContain("'hugo' was not found");
    expect(output.error.next_step).toMatch(/apt-get install hugo/);
    await expect(repo.read(`tasks/failed/${task.id}.md`)).resolves.toContain(task.id);
  });
});
