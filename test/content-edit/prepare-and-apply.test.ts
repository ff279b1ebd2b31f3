import { mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyStaged, ApplyError, stageEdit } from '../../src/content-edit/apply-edits.js';
import { contentEditWorker } from '../../src/worker/content-edit-worker.js';
import type { WorkerTools } from '../../src/worker/worker-tools.js';
import { readHugoSiteView } from '../../src/hugo/site-view.js';
import { monotonicClock } from '../../src/clock.js';
import { formatEditError, MAX_DIFF_KEPT, runContentEdit, type ContentEditOptions } from '../../src/content-edit/content-edit.js';
import type { ContentOperation } from '../../src/content-edit/operations.js';
import { rewriteRefs } from '../../src/content-edit/page-moves.js';
import { createRegexReplacer } from '../../src/content-edit/regex-runner.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';
import { validTask } from '../helpers/valid-task.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function siteWith(files: Record<string, string>): Promise<string> {
  const dir = await makeTempDir('content-edit');
  cleanups.push(dir.remove);
  await writeTree(dir.path, Object.fromEntries(Object.entries(files).map(([name, text]) => [`site/content/${name}`, text])));
  return dir.path;
}

function settings(repoRoot: string, operations: ContentOperation[], files = ['**/*.md']): ContentEditOptions {
  return { repoRoot, sitePath: 'site', contentDir: 'content', files, operations, dryRun: false };
}

const read = (root: string, name: string): Promise<string> => readFile(path.join(root, 'site/content', name), 'utf8');

describe('find and replace in the body', () => {
  it('regular expressions with groups, literal text with $ signs, front matter untouched', async () => {
    const root = await siteWith({ 'a.md': '---\ntitle: v1.0\n---\nUse v1.0 and v2.0 for $5.\n' });
    const report = await runContentEdit(
      settings(root, [
        { op: 'replace', regex: true, find: 'v(\\d+)\\.0', replace: 'v$1', max_replacements: 5 },
        { op: 'replace', find: '$5', replace: '$$6', max_replacements: 1 },
      ]),
    );
    expect(report.errors).toEqual([]);
    expect(report.replacements).toBe(3);
    expect(await read(root, 'a.md')).toBe('---\ntitle: v1.0\n---\nUse v1 and v2 for $$6.\n');
  });

  it('more matches than max_replacements is an error naming the operation; nothing is written', async () => {
    const root = await siteWith({ 'a.md': 'x x\n', 'b.md': 'x\n' });
    const report = await runContentEdit(settings(root, [{ op: 'replace', find: 'x', replace: 'y', max_replacements: 2 }]));
    expect(report.errors.map(formatEditError)).toEqual(['site/content: operations[0] (max_replacements): expected at most 2 replacements; found 3 matches of "x" (raise max_replacements if that many are meant)']);
    expect(report.written).toBe(false);
    expect(await read(root, 'a.md')).toBe('x x\n');
    expect(await read(root, 'b.md')).toBe('x\n');
  });

  it('a pathological regular expression is stopped per file, and the other files are still checked', async () => {
    const root = await siteWith({ 'evil.md': `${'a'.repeat(40)}!\n`, 'fine.md': 'aaa' });
    const regex = createRegexReplacer(300);
    cleanups.push(() => regex.close());
    const started = performance.now();
    const report = await runContentEdit(settings(root, [{ op: 'replace', regex: true, find: '(a+)+$', replace: 'b', max_replacements: 10 }]), { regex });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(report.errors.map(formatEditError)).toEqual(['site/content/evil.md: operations[0] (find): the regular expression /(a+)+$/ ran past its time limit on this file (catastrophic backtracking?); simplify it']);
    expect(report.files_changed).toBe(1);
    expect(report.written).toBe(false);
    expect(await read(root, 'fine.md')).toBe('aaa');
  });
});

describe('the regular-expression runner', () => {
  it("charges a file for its matching only, not for a fresh worker's start-up", async () => {
    // 50 ms is less than a worker thread takes to start (~100 ms quiet, more under load): the first
    // file, and the file after a pathological one (which gets a fresh worker), still pass.
    const regex = createRegexReplacer(50);
    cleanups.push(() => regex.close());
    expect(await regex.replace('aaa', 'a', 'g', 'b')).toEqual({ ok: true, text: 'bbb', count: 3 });
    expect(await regex.replace(`${'a'.repeat(40)}!`, '(a+)+$', 'g', 'b')).toMatchObject({ ok: false, timedOut: true });
    expect(await regex.replace('aaa', 'a', 'g', 'c')).toEqual({ ok: true, text: 'ccc', count: 3 });
  });
});

describe('what content-edit refuses', () => {
  it('a move into a folder that is a symlink leading elsewhere in the repository or out of it; nothing is written', async () => {
    const root = await siteWith({ 'a.md': '---\ntitle: a\n---\n', 'b.md': '---\ntitle: b\n---\n' });
    const outside = await makeTempDir('content-edit-outside');
    cleanups.push(outside.remove);
    await mkdir(path.join(root, 'elsewhere'));
    await symlink(path.join(root, 'elsewhere'), path.join(root, 'site/content/linked'));
    await symlink(outside.path, path.join(root, 'site/content/out'));
    const report = await runContentEdit(settings(root, [{ op: 'move', from: 'a.md', to: 'linked/a.md' }, { op: 'move', from: 'b.md', to: 'out/deeper/b.md' }]));
    expect(report.errors.map(formatEditError)).toEqual([
      'site/content/a.md: operations[0] (to): expected a path inside the content folders; found site/content/linked/a.md, whose folder leads through a symlink to elsewhere, outside the content folders',
      'site/content/b.md: operations[1] (to): expected a path inside the content folders; found site/content/out/deeper/b.md, whose folder leads through a symlink outside the repository',
    ]);
    expect(report.written).toBe(false);
    expect(await read(root, 'a.md')).toBe('---\ntitle: a\n---\n');
    expect((await stat(path.join(root, 'elsewhere/a.md')).catch(() => undefined))).toBeUndefined();
  });

  it('a file above the size limit is refused before any work, named repository-relative', async () => {
    const root = await siteWith({ 'big.md': `---\ntitle: big\n---\n${'x'.repeat(3000)}\n`, 'small.md': '---\ntitle: s\n---\n' });
    const report = await runContentEdit({ ...settings(root, [{ op: 'replace', find: 'x', replace: 'y', max_replacements: 10_000 }]), maxFileBytes: 2048 });
    expect(report.errors.map(formatEditError)).toEqual(['site/content/big.md: expected a page of at most 2 KB; found 3 KB (content-edit refuses larger files before any work; edit this one by hand)']);
    expect(report.files_changed).toBe(0);
  });

  it('regular expressions share one time budget per task as well as the limit per file', async () => {
    const evil = `${'a'.repeat(40)}!\n`;
    const root = await siteWith({ 'e1.md': evil, 'e2.md': evil, 'e3.md': evil, 'e4.md': evil, 'e5.md': evil });
    const regex = createRegexReplacer(250, 600);
    cleanups.push(() => regex.close());
    const started = performance.now();
    const report = await runContentEdit(settings(root, [{ op: 'replace', regex: true, find: '(a+)+$', replace: 'b', max_replacements: 10 }]), { regex });
    // Five files at 250 ms each would be 1.25 s: the budget stops them at 0.6 s.
    expect(performance.now() - started).toBeLessThan(5000);
    const messages = report.errors.map(formatEditError);
    expect(messages[0]).toBe('site/content/e1.md: operations[0] (find): the regular expression /(a+)+$/ ran past its time limit on this file (catastrophic backtracking?); simplify it');
    expect(messages.at(-1)).toBe('site/content/e5.md: operations[0] (find): the regular expressions of this task ran past their shared time limit (one budget over all files) by this file; simplify /(a+)+$/ or narrow the files');
    expect(report.written).toBe(false);
  });

  it('a symlink matched by a glob, and a glob that tries to leave the content folder', async () => {
    const root = await siteWith({ 'a.md': '---\ntitle: a\n---\n' });
    await writeFile(path.join(root, 'outside.md'), '---\ntitle: secret\n---\n');
    await symlink(path.join(root, 'outside.md'), path.join(root, 'site/content/link.md'));
    const report = await runContentEdit(settings(root, [{ op: 'set', field: 'title', value: 'x' }], ['*.md', '../../*.md']));
    const messages = report.errors.map(formatEditError);
    expect(messages).toContain('site/content/link.md: expected a regular file; found a symlink (content-edit does not follow links)');
    expect(messages).toContain('site/content: params.files[1]: expected the glob "../../*.md" to match pages; found none in the content folders searched: site/content/ (globs are relative to a content folder)');
    expect(await readFile(path.join(root, 'outside.md'), 'utf8')).toBe('---\ntitle: secret\n---\n');
    expect(await read(root, 'a.md')).toBe('---\ntitle: a\n---\n');
  });

  it('a content folder that leads out of the repository through a symlink', async () => {
    const outside = await siteWith({ 'a.md': 'x\n' });
    const root = (await makeTempDir('content-edit-repo')).path;
    cleanups.push(async () => (await import('node:fs/promises')).rm(root, { recursive: true, force: true }));
    await mkdir(path.join(root, 'site'), { recursive: true });
    await symlink(path.join(outside, 'site/content'), path.join(root, 'site/content'));
    const report = await runContentEdit(settings(root, [{ op: 'replace', find: 'x', replace: 'y', max_replacements: 1 }]));
    expect(report.errors[0]?.message).toMatch(/^expected a folder inside the repository; found one that leads outside it through a symlink$/);
    expect(await read(outside, 'a.md')).toBe('x\n');
  });
});

describe('all or none', () => {
  it('a file changed after it was read stops the apply, and the files already replaced are put back', async () => {
    const root = await siteWith({ 'a.md': 'one\n', 'b.md': 'two\n' });
    const file = (name: string): string => path.join(root, 'site/content', name);
    const stateOf = async (name: string) => {
      const info = await stat(file(name));
      return { size: info.size, mtimeMs: info.mtimeMs };
    };
    const staged = [await stageEdit(file('a.md'), file('a.md'), 'ONE\n', await stateOf('a.md')), await stageEdit(file('b.md'), file('moved/b.md'), 'TWO\n', await stateOf('b.md'))];
    await utimes(file('b.md'), new Date(), new Date(Date.now() + 5000));
    await expect(applyStaged(staged)).rejects.toThrow(ApplyError);
    expect(await readFile(file('a.md'), 'utf8')).toBe('one\n');
    expect(await readFile(file('b.md'), 'utf8')).toBe('two\n');
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(path.join(root, 'site/content'))).sort()).toEqual(['a.md', 'b.md']);
  });

  it('a move target that appears during the apply undoes the files before it', async () => {
    const root = await siteWith({ 'a.md': 'one\n', 'b.md': 'two\n', 'c.md': 'taken\n' });
    const file = (name: string): string => path.join(root, 'site/content', name);
    const stateOf = async (name: string) => {
      const info = await stat(file(name));
      return { size: info.size, mtimeMs: info.mtimeMs };
    };
    const staged = [await stageEdit(file('a.md'), file('a.md'), 'ONE\n', await stateOf('a.md')), await stageEdit(file('b.md'), file('c.md'), 'TWO\n', await stateOf('b.md'))];
    await expect(applyStaged(staged)).rejects.toThrow(/appeared while the edit was being planned/);
    expect(await readFile(file('a.md'), 'utf8')).toBe('one\n');
    expect(await readFile(file('b.md'), 'utf8')).toBe('two\n');
    expect(await readFile(file('c.md'), 'utf8')).toBe('taken\n');
  });
});

describe('ref and relref rewriting', () => {
  const pages = new Set(['posts/a.md', 'posts/b.md', 'about.md', 'docs/guide/_index.md']);
  const exists = (page: string): boolean => pages.has(page);
  const byName = (name: string): string | undefined => [...pages].find((page) => path.posix.basename(page) === name);
  const moves = new Map([['posts/a.md', 'archive/a2.md']]);
  const namespace = (pageMoves: ReadonlyMap<string, string>) => () => ({ exists, uniqueByName: byName, moves: pageMoves });

  it('rewrites every form that points at the moved page, keeping the form', () => {
    const body = [
      '{{< ref "a" >}}',
      '{{< ref "a.md" >}}',
      '{{% relref "/posts/a" %}}',
      '{{< relref "/posts/a.md#part" >}}',
      '{{<ref "posts/a">}}',
      '{{< ref "b" >}}',
      '{{< ref "https://example.org/a" >}}',
    ].join('\n');
    const out = rewriteRefs(body, { from: 'posts/b.md', to: 'posts/b.md' }, namespace(moves));
    expect(out.text).toBe(
      ['{{< ref "/archive/a2" >}}', '{{< ref "/archive/a2.md" >}}', '{{% relref "/archive/a2" %}}', '{{< relref "/archive/a2.md#part" >}}', '{{<ref "archive/a2">}}', '{{< ref "b" >}}', '{{< ref "https://example.org/a" >}}'].join('\n'),
    );
    expect(out.count).toBe(5);
  });

  it('a moved page keeps its relative refs to pages that stay working', () => {
    const out = rewriteRefs('{{< ref "b" >}} {{< ref "/about" >}} {{< ref "about" >}}', { from: 'posts/a.md', to: 'posts/sub/a.md' }, namespace(new Map([['posts/a.md', 'posts/sub/a.md']])));
    expect(out.text).toBe('{{< ref "/posts/b" >}} {{< ref "/about" >}} {{< ref "about" >}}');
  });

  it('a page found by its file name alone is rewritten to the new path when its name changes', () => {
    const out = rewriteRefs('{{< ref "a.md" >}}', { from: 'about.md', to: 'about.md' }, namespace(moves));
    expect(out.text).toBe('{{< ref "/archive/a2.md" >}}');
  });
});

describe('the diff', () => {
  it('goes whole to the log line by line, and the report keeps a bounded start of it', async () => {
    const pages: Record<string, string> = {};
    for (let index = 0; index < 300; index++) pages[`p${index}.md`] = `---\ntitle: "Page ${index}"\n---\n${'Some words on a line of text.\n'.repeat(5)}`;
    const root = await siteWith(pages);
    const lines: string[] = [];
    const report = await runContentEdit({ ...settings(root, [{ op: 'set', field: 'reviewed', value: true }]), dryRun: true }, { onLine: (line) => lines.push(line) });
    expect(report.files_changed).toBe(300);
    expect(`${lines.join('\n')}\n`.length).toBe(report.diffLength);
    expect(lines.filter((line) => line === '+reviewed: true')).toHaveLength(300);
    expect(report.diffLength).toBeGreaterThan(MAX_DIFF_KEPT);
    expect(report.diff.length).toBeLessThan(MAX_DIFF_KEPT + 200);
    expect(report.diff).toMatch(new RegExp(`\\n… ${report.diffLength - MAX_DIFF_KEPT} more characters of diff: the whole diff is in the run's log\\n$`));
    expect(await read(root, 'p0.md')).toBe(pages['p0.md']);
  });
});

describe('build_after', () => {
  it('fails on build errors the site did not have before the edit, not on ones it already had', async () => {
    const root = await siteWith({ 'a.md': '---\ntitle: a\n---\nbody\n' });
    const known = { message: 'REF_NOT_FOUND: Ref "old": "content/x.md:3:1": page not found', file: 'content/x.md', line: 3 };
    const fresh = { message: 'REF_NOT_FOUND: Ref "new": "content/a.md:4:1": page not found', file: 'content/a.md', line: 4 };
    const builds: string[] = [];
    const buildSite: WorkerTools['buildSite'] = async (build) => {
      builds.push(path.basename(build.destination));
      const errors = builds.length === 1 ? [known] : [{ ...known, message: known.message.replace(':3:1', ':5:1') }, fresh];
      return { outputs: { build_success: true, errors, warnings: [], file_count: 3, duration_seconds: 0.1, hugo_version: '0.111.3', output_dir: build.destination }, log: '' };
    };
    const task = validTask({
      id: '2026-01-19-1500-content-edit-x',
      type: 'content-edit',
      environment: 'dev',
      params: { site_path: 'site', files: ['a.md'], build_after: true, operations: [{ op: 'set', field: 'title', value: 'b' }] },
    });
    const report = await contentEditWorker(root, task, { buildSite, readSiteView: readHugoSiteView, clock: monotonicClock });
    expect(builds).toEqual(['2026-01-19-1500-content-edit-x-before', '2026-01-19-1500-content-edit-x']);
    expect(report.outputs).toMatchObject({ build_success: true, new_build_errors: [fresh], files_changed: 1 });
    // Classified from the new error alone, not from the one the site already had.
    expect(report.error).toMatchObject({ category: 'broken-internal-link', file: 'content/a.md', line: 4 });
    expect(report.error?.message).toContain('REF_NOT_FOUND: Ref "new"');
  });
});
