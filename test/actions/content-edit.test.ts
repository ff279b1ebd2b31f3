import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { git, makeRemote, orchestrationRepo, remoteFile, remoteFiles, runAction } from './harness.js';

const ID = '2026-01-19-1500-content-edit-tags';

function editTask(operations: string[]): string {
  return [
    '---',
    `id: "${ID}"`,
    'type: content-edit',
    'environment: staging',
    'description: "Tag the first post and move the second"',
    'created: "2026-01-19T15:00:00Z"',
    'params:',
    '  site_path: site',
    '  files: ["posts/*.md"]',
    '  operations:',
    ...operations.map((operation) => `    - ${operation}`),
    '---',
    '',
  ].join('\n');
}

const PAGES = {
  'site/content/posts/first.md': '---\ntitle: First # kept\ndate: 2026-01-02\ntags: [a]\n---\nHello, see {{< ref "second" >}}.\n',
  'site/content/posts/second.md': '---\ntitle: Second\ndate: 2026-01-03\n---\nSecond.\n',
};

describe('content-edit on GitHub: run and record, bundled, with a bare remote', () => {
  it('commits the edited, added and deleted content files with the result, on the task branch', async ({ onTestFinished }) => {
    const task = editTask(['{op: add_to_list, field: tags, value: b}', '{op: move, from: posts/second.md, to: archive/second.md}']);
    const remote = await makeRemote(orchestrationRepo(undefined, { ...PAGES, [`tasks/in-progress/${ID}.md`]: task }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('run');

    const run = await runAction('run', { workspace: checkout.dir, inputs: { 'task-file': `tasks/in-progress/${ID}.md` }, runId: '901' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('success');
    // The whole diff is in the step's log.
    expect(run.stdout).toContain('+tags: [a, b]');

    const record = await runAction('record', {
      workspace: checkout.dir,
      inputs: { 'result-paths': run.outputs['result-path'] ?? '', 'task-file': `tasks/in-progress/${ID}.md`, 'run-outcome': 'success' },
      runId: '901',
    });
    expect(record.code, record.stdout + record.stderr).toBe(0);
    expect(await remoteFile(remote.bare, 'site/content/posts/first.md')).toBe('---\ntitle: First # kept\ndate: 2026-01-02\ntags: [a, b]\n---\nHello, see {{< ref "/archive/second" >}}.');
    expect(await remoteFiles(remote.bare, 'site/content')).toEqual(['site/content/archive/second.md', 'site/content/posts/first.md']);
    expect(await remoteFile(remote.bare, 'site/content/archive/second.md')).toContain('aliases:\n  - /posts/second/');
    expect(await remoteFiles(remote.bare, 'tasks/completed')).toContain(`tasks/completed/${ID}.md`);
    const message = await git(remote.bare, 'log', '-1', '--format=%B', 'main');
    expect(message).toContain(`${ID}: success (3 content files changed)`);
    const result = parse((await remoteFile(remote.bare, run.outputs['result-path'] ?? '')).split('\n---\n')[0]!.replace(/^---\n/, ''));
    expect(result.outputs).toMatchObject({ files_changed: 2, written: true, errors: [] });
  });

  it('does not undo a change pushed to the same page meanwhile: the result fails with a merge conflict and the edit is not committed', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo(undefined, { ...PAGES, [`tasks/in-progress/${ID}.md`]: editTask(['{op: set, field: draft, value: false}']) }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('run');
    const run = await runAction('run', { workspace: checkout.dir, inputs: { 'task-file': `tasks/in-progress/${ID}.md` }, runId: '902' });
    expect(run.outputs.status, run.stdout + run.stderr).toBe('success');

    const someone = await remote.clone('someone');
    await someone.write({ 'site/content/posts/second.md': '---\ntitle: Second, edited by hand\ndate: 2026-01-03\n---\nSecond.\n' });
    await someone.commitAndPush('Edit the second post');

    const record = await runAction('record', {
      workspace: checkout.dir,
      inputs: { 'result-paths': run.outputs['result-path'] ?? '', 'task-file': `tasks/in-progress/${ID}.md`, 'run-outcome': 'success' },
      runId: '902',
    });
    expect(record.code, record.stdout + record.stderr).toBe(0);
    expect(await remoteFile(remote.bare, 'site/content/posts/second.md')).toBe('---\ntitle: Second, edited by hand\ndate: 2026-01-03\n---\nSecond.');
    expect(await remoteFile(remote.bare, 'site/content/posts/first.md')).toBe(PAGES['site/content/posts/first.md'].trimEnd());
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain(`tasks/failed/${ID}.md`);
    const result = parse((await remoteFile(remote.bare, run.outputs['result-path'] ?? '')).split('\n---\n')[0]!.replace(/^---\n/, ''));
    expect(result).toMatchObject({ status: 'failed', error: { category: 'git-merge-conflict', file: 'site/content/posts/second.md' } });
    expect(result.error.message).toMatch(/^site\/content\/posts\/second\.md changed on main after the task ran; the edit was not committed/);
  });
});
