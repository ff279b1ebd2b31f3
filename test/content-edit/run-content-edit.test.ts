import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempRepo, MINIMAL_SITE, type TempRepo } from '../helpers/temp-repo.js';

const execFileAsync = promisify(execFile);
const repos: TempRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()));
});

const SITE: Record<string, string> = {
  ...MINIMAL_SITE,
  'site/content/posts/first.md': '---\n# kept comment\ntitle: "First"\ndate: 2026-01-02\ndraft: true\ntags: [a]\n---\nHello http://old.example.org.\n',
  'site/content/posts/second.md': '+++\r\ntitle = "Second"\r\ndate = 2026-01-03\r\n+++\r\nSee {{< ref "first" >}} and {{% relref "/posts/first.md#top" %}} at http://old.example.org.\r\n',
  'site/content/posts/third.md': '{\n  "title": "Third",\n  "date": "2026-01-04"\n}\nThird body, [first]({{< ref "posts/first.md" >}}).\n',
  'site/content/about.md': '---\ntitle: About\n---\nAbout, see {{< relref "posts/first" >}}.\n',
};

async function repoWith(files: Record<string, string> = SITE): Promise<TempRepo> {
  const repo = await makeTempRepo(files);
  repos.push(repo);
  return repo;
}

/** Creates a content-edit task with the CLI, then puts the given params in it. */
let taskCount = 0;
async function newEditTask(repo: TempRepo, params: Record<string, unknown>): Promise<{ id: string; path: string }> {
  const created = await repo.handoff(['new', 'content-edit', '--env', 'dev', '--brief', `edit-${++taskCount}`, '--description', 'Edit the posts', '--set', 'files=posts/*.md', '--set', 'field=params.reviewed', '--set', 'value=yes', '--json']);
  expect(created.code, created.stderr + created.stdout).toBe(0);
  const { id, path: taskPath } = created.json();
  const text = await repo.read(taskPath);
  const start = text.indexOf('params:\n');
  const end = text.indexOf('expected_outputs:');
  const yamlParams = Object.entries(params)
    .map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`)
    .join('\n');
  await repo.write({ [taskPath]: `${text.slice(0, start)}params:\n  site_path: site\n${yamlParams}\n${text.slice(end)}` });
  return { id, path: taskPath };
}

async function resultOf(repo: TempRepo, resultPath: string): Promise<any> {
  const text = await repo.read(resultPath);
  return parse(text.split('\n---\n')[0]!.replace(/^---\n/, ''));
}

async function gitStatus(repo: TempRepo): Promise<string> {
  return (await execFileAsync('git', ['status', '--porcelain', '--', 'site'], { cwd: repo.root })).stdout;
}

describe('handoff run: content-edit', () => {
  it('the template runs as created: a dry run prints the diff, reports it, and writes nothing', async () => {
    const repo = await repoWith();
    const created = await repo.handoff(['new', 'content-edit', '--env', 'dev', '--description', 'Mark posts reviewed', '--set', 'files=posts/*.md', '--set', 'field=params.reviewed', '--set', 'value=yes', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const before = await repo.snapshot();
    const run = await repo.handoff(['run', created.json().path, '--json']);
    expect(run.code, run.stderr).toBe(0);
    // "yes" stays a string for every YAML reader (hugo 0.111 would read it bare as true).
    expect(run.stderr).toContain('+  reviewed: "yes"');
    const result = await resultOf(repo, run.json().result_path);
    expect(result.outputs).toMatchObject({ dry_run: true, files_matched: 3, files_changed: 3, errors: [], written: false });
    expect(result.outputs.diff).toContain('--- a/site/content/posts/first.md');
    expect(result.outputs.changes[0]).toEqual({ file: 'site/content/posts/first.md', lines: [7, 8] });
    for (const [file, state] of before) if (file.startsWith('site/')) expect((await repo.snapshot()).get(file), file).toBe(state);
    expect(await gitStatus(repo)).toBe('');

    // The dry run leaves the task in tasks/pending/ and names the one command that applies it, same id.
    const taskPath: string = created.json().path;
    expect(run.json().task_file).toBe(taskPath);
    expect(result.outputs.apply_command).toBe(`handoff run ${taskPath} --apply`);
    expect(result.outputs.summary).toContain(`the task stays in tasks/pending/: apply it with handoff run ${taskPath} --apply`);
    const applied = await repo.handoff(['run', taskPath, '--apply', '--json']);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expect(applied.json()).toMatchObject({ task_id: created.json().id, status: 'success', task_file: taskPath.replace('tasks/pending/', 'tasks/completed/') });
    const appliedResult = await resultOf(repo, applied.json().result_path);
    expect(appliedResult.outputs).toMatchObject({ dry_run: false, files_changed: 3, written: true });
    expect(await repo.read('site/content/posts/first.md')).toContain('params:\n  reviewed: "yes"\n');
    await expect(repo.read(taskPath)).rejects.toThrow();
  });

  it('handoff diff prints the whole diff and leaves the task in tasks/pending/ and the pages untouched', async () => {
    const repo = await repoWith();
    const task = await newEditTask(repo, { files: ['posts/*.md'], operations: [{ op: 'remove', field: 'draft' }, { op: 'replace', find: 'http://old', replace: 'https://old', max_replacements: 5 }] });
    const preview = await repo.handoff(['diff', task.path]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('diff --git a/site/content/posts/first.md b/site/content/posts/first.md\n--- a/site/content/posts/first.md\n+++ b/site/content/posts/first.md\n');
    expect(preview.stdout).toContain('-draft: true\n');
    expect(preview.stdout).toContain('+See {{< ref "first" >}} and {{% relref "/posts/first.md#top" %}} at https://old.example.org.\r\n');
    expect(preview.stderr).toContain('content-edit dry run: 2 of 3 matched file(s) changed, 2 replacement(s)');
    expect(await repo.read(task.path)).toContain('type: content-edit');
    expect(await gitStatus(repo)).toBe('');
    const json = (await repo.handoff(['diff', task.path, '--json'])).json();
    expect(json).toMatchObject({ ok: true, files_matched: 3, files_changed: 2, replacements: 2, errors: [] });
    expect(json.changes).toEqual([
      { file: 'site/content/posts/first.md', lines: [5, 7] },
      { file: 'site/content/posts/second.md', lines: [5] },
    ]);
  });

  it('edits front matter and body in all three formats, leaves the rest byte for byte, and builds after', async () => {
    const repo = await repoWith();
    const task = await newEditTask(repo, {
      files: ['posts/*.md'],
      build_after: true,
      operations: [
        { op: 'set', field: 'draft', value: false, where: { field: 'draft', equals: true } },
        { op: 'add_to_list', field: 'tags', value: 'b', files: ['posts/first.md'] },
        { op: 'replace', find: 'http://old.example.org', replace: 'https://new.example.org', max_replacements: 10 },
        { op: 'set', field: 'params.reviewed', value: true, files: ['posts/second.md', 'posts/third.md'] },
      ],
    });
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = await resultOf(repo, run.json().result_path);
    expect(result.outputs).toMatchObject({ files_matched: 3, files_changed: 3, replacements: 2, errors: [], written: true, build_success: true, new_build_errors: [] });
    expect(result.criteria.map((criterion: { expression: string }) => criterion.expression)).toEqual(['errors == []', 'files_changed > 0']);
    expect(await repo.read('site/content/posts/first.md')).toBe('---\n# kept comment\ntitle: "First"\ndate: 2026-01-02\ndraft: false\ntags: [a, b]\n---\nHello https://new.example.org.\n');
    expect(await repo.read('site/content/posts/second.md')).toBe('+++\r\ntitle = "Second"\r\ndate = 2026-01-03\r\nparams.reviewed = true\r\n+++\r\nSee {{< ref "first" >}} and {{% relref "/posts/first.md#top" %}} at https://new.example.org.\r\n');
    expect(await repo.read('site/content/posts/third.md')).toBe('{\n  "title": "Third",\n  "date": "2026-01-04",\n  "params": {\n    "reviewed": true\n  }\n}\nThird body, [first]({{< ref "posts/first.md" >}}).\n');
    expect(await repo.read('site/content/about.md')).toBe(SITE['site/content/about.md']);
    // Locally the change stays in the work tree, uncommitted, for the agent to review.
    expect((await gitStatus(repo)).split('\n').filter(Boolean).sort()).toEqual([' M site/content/posts/first.md', ' M site/content/posts/second.md', ' M site/content/posts/third.md']);
  });

  it('moves a page: old URL in aliases, every ref form rewritten, and hugo resolves them', async () => {
    const repo = await repoWith({ ...SITE, 'site/content/posts/first.md': SITE['site/content/posts/first.md']!.replace('draft: true', 'draft: false') });
    const task = await newEditTask(repo, { files: ['posts/first.md'], build_after: true, operations: [{ op: 'move', from: 'posts/first.md', to: 'archive/2026/first-post.md' }] });
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = await resultOf(repo, run.json().result_path);
    expect(result.outputs).toMatchObject({ files_changed: 4, refs_updated: 4, build_success: true, new_build_errors: [] });
    await expect(repo.read('site/content/posts/first.md')).rejects.toThrow();
    expect(await repo.read('site/content/archive/2026/first-post.md')).toBe('---\n# kept comment\ntitle: "First"\ndate: 2026-01-02\ndraft: false\ntags: [a]\naliases:\n  - /posts/first/\n---\nHello http://old.example.org.\n');
    expect(await repo.read('site/content/posts/second.md')).toContain('See {{< ref "/archive/2026/first-post" >}} and {{% relref "/archive/2026/first-post.md#top" %}}');
    expect(await repo.read('site/content/posts/third.md')).toContain('{{< ref "archive/2026/first-post.md" >}}');
    expect(await repo.read('site/content/about.md')).toBe('---\ntitle: About\n---\nAbout, see {{< relref "archive/2026/first-post" >}}.\n');
    expect(result.outputs.changes).toContainEqual({ file: 'site/content/archive/2026/first-post.md', moved_from: 'site/content/posts/first.md', lines: [7, 8] });
  });

  it('bad input: each error names the operation and the file, and nothing is written', async () => {
    const repo = await repoWith({
      ...SITE,
      'site/content/posts/broken.md': '---\ntitle: [unclosed\n---\n',
      'site/content/posts/latin1.md': Buffer.from('---\ntitle: caf\xe9\n---\n', 'latin1').toString('latin1'),
    });
    await repo.write({});
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${repo.root}/site/content/posts/latin1.md`, Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x74, 0x3a, 0x20, 0xe9, 0x0a, 0x2d, 0x2d, 0x2d, 0x0a]));
    await writeFile(`${repo.root}/site/content/posts/image.md`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const before = await repo.snapshot();
    const task = await newEditTask(repo, {
      files: ['posts/*.md'],
      operations: [
        { op: 'set', field: 'title.main', value: 'x' },
        { op: 'set', field: 'x', value: 1, files: ['nothing/*.md'] },
        { op: 'move', from: 'posts/second.md', to: 'about.md' },
      ],
    });
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code).toBe(1);
    const result = await resultOf(repo, run.json().result_path);
    const errors: string[] = result.outputs.errors;
    expect(errors).toContain('site/content: operations[1] (files[0]): expected the glob "nothing/*.md" to match pages; found none in the content folders searched: site/content/ (globs are relative to a content folder)');
    expect(errors).toContain('site/content/posts/second.md: operations[2] (to): expected a free path to move to; found an existing page site/content/about.md');
    // hugo cannot list a site with broken front matter, and a move needs its list for the aliases.
    expect(errors[0]).toMatch(/^site: a move needs Hugo's list of the site's pages \(the URLs the page has now become its aliases\), and it could not be read: hugo list all failed: .*site\/content\/posts\/broken\.md/);
    expect(errors[0]).not.toContain(repo.root);
    expect(result.error).toMatchObject({ category: 'invalid-task', action: 'auto-fix', file: 'site' });

    const second = await newEditTask(repo, { files: ['posts/*.md'], operations: [{ op: 'set', field: 'title.main', value: 'x' }] });
    const again = await repo.handoff(['run', second.path, '--json']);
    const errors2: string[] = (await resultOf(repo, again.json().result_path)).outputs.errors;
    expect(errors2).toContain('site/content/posts/broken.md:3: operations[0] ((front matter)): expected YAML front matter that parses; found: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(errors2).toContain('site/content/posts/latin1.md: operations[0]: expected a UTF-8 text file; found a file that is not valid UTF-8 text');
    expect(errors2).toContain('site/content/posts/image.md: operations[0]: expected a UTF-8 text file; found a binary file (it holds NUL bytes)');
    expect(errors2).toContain('site/content/posts/first.md: operations[0] (title): expected title to be a map (the path title.main goes through it); found a string ("First")');
    for (const [file, state] of before) if (file.startsWith('site/')) expect((await repo.snapshot()).get(file), file).toBe(state);
  });

  it('build_after: an edit that breaks the build fails the task, naming the page, and every edited file is put back byte for byte', async () => {
    const repo = await repoWith({ ...SITE, 'site/content/posts/first.md': SITE['site/content/posts/first.md']!.replace('draft: true', 'draft: false') });
    const before = await repo.snapshot();
    // The move rewrites the refs it can; the replace adds one that breaks: the whole edit goes back.
    const task = await newEditTask(repo, {
      files: ['about.md'],
      build_after: true,
      operations: [
        { op: 'replace', find: 'About, see', replace: 'About, see {{< ref "missing-page" >}} and', max_replacements: 1 },
        { op: 'move', from: 'posts/first.md', to: 'archive/first.md' },
      ],
    });
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code).toBe(1);
    const result = await resultOf(repo, run.json().result_path);
    expect(result.outputs).toMatchObject({ files_changed: 4, written: false, reverted: true, errors: [], build_success: false });
    expect(result.outputs.summary).toMatch(/^content-edit reverted: the build after the edit (failed|showed \d+ new error\(s\)), so every edited file was put back as it was; nothing is written$/);
    expect(result.error).toMatchObject({ category: 'broken-internal-link', file: 'site/content/about.md' });
    expect(result.error.message).not.toContain(repo.root);
    expect(result.error.next_step).toMatch(/^Auto-fix: nothing is written\. The build error above names what the edit broke \(site\/content\/about\.md\): change the operations/);
    const after = await repo.snapshot();
    for (const [file, state] of before) if (file.startsWith('site/content/')) expect(after.get(file), file).toBe(state);
    expect([...after.keys()].filter((file) => file.startsWith('site/content/'))).toEqual([...before.keys()].filter((file) => file.startsWith('site/content/')));
  });

  it('without build_after the result says the edits are written and the one command that undoes them', async () => {
    const repo = await repoWith({ ...SITE, 'site/content/posts/first.md': SITE['site/content/posts/first.md']!.replace('draft: true', 'draft: false') });
    const task = await newEditTask(repo, { files: ['about.md'], build_after: false, operations: [{ op: 'move', from: 'posts/first.md', to: 'archive/first.md' }] });
    const run = await repo.handoff(['run', task.path, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = await resultOf(repo, run.json().result_path);
    expect(result.outputs.written).toBe(true);
    expect(result.outputs.undo).toBe('git checkout -- site/content/about.md site/content/posts/first.md site/content/posts/second.md site/content/posts/third.md && rm site/content/archive/first.md');
    expect(result.outputs.summary).toContain(`the edits are written in the work tree (undo: ${result.outputs.undo})`);
  });

  it('an invalid regular expression is refused when the task is validated', async () => {
    const repo = await repoWith();
    const task = await newEditTask(repo, { files: ['posts/*.md'], operations: [{ op: 'replace', regex: true, find: 'a(b', replace: 'c', max_replacements: 1 }] });
    const validate = await repo.handoff(['validate', task.path]);
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toMatch(/params\.operations\[0\]\.find: expected a valid JavaScript regular expression; found "a\(b": Invalid regular expression/);
  });
});
