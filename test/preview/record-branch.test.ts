import { describe, expect, it } from 'vitest';
import { ACTIONS_BOT, gitFor } from '../../src/git/git-runner.js';
import { DEFAULT_RETRY } from '../../src/git/push-with-retry.js';
import { PREVIEW_RECORD_BRANCH, type PreviewRecord } from '../../src/preview/preview-record.js';
import { previewSlug } from '../../src/preview/preview-slug.js';
import { changeRecords, readRecord, readRecords } from '../../src/preview/record-branch.js';
import { git, makeRemote } from '../actions/harness.js';

const record = (branch: string, index: number): PreviewRecord => ({
  branch,
  kind: 'preview',
  slug: previewSlug(branch),
  url: `https://dev.example.com/previews/${previewSlug(branch)}/`,
  commit: String(index).repeat(40).slice(0, 40),
  deployed_at: `2026-01-19T14:${String(10 + index).padStart(2, '0')}:00Z`,
  run_url: null,
  bucket: 'example-dev',
  prefix: `previews/${previewSlug(branch)}/`,
});

describe('preview records on the handoff/previews branch (bare remote)', () => {
  it('lands records written at once from many clones, creating the branch on first use, and never touches the previewed branches', async ({ onTestFinished }) => {
    const remote = await makeRemote({ 'README.md': 'site\n' });
    onTestFinished(remote.remove);
    const mainBefore = await git(remote.bare, 'rev-parse', 'main');
    const branches = Array.from({ length: 6 }, (_, index) => `claude/task-${index}`);
    const clones = await Promise.all(branches.map((_, index) => remote.clone(`job-${index}`)));
    const fast = { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 50 };
    const outcomes = await Promise.all(
      clones.map((clone, index) =>
        changeRecords(gitFor(clone.dir, { env: process.env, identity: ACTIONS_BOT }), 'origin', { put: [record(branches[index]!, index)], message: `record ${index}` }, fast),
      ),
    );
    expect(outcomes.every((outcome) => outcome.commit !== undefined)).toBe(true);
    expect(Math.max(...outcomes.map((outcome) => outcome.attempts))).toBeGreaterThan(1);

    const reader = gitFor((await remote.clone('reader')).dir, { env: process.env });
    const snapshot = await readRecords(reader, 'origin');
    expect(snapshot?.records.map((r) => r.branch).sort()).toEqual(branches);
    expect(snapshot?.problems).toEqual([]);
    expect(await readRecord(reader, 'origin', 'claude/task-3')).toMatchObject({ found: true, records: [record('claude/task-3', 3)] });
    expect(await readRecord(reader, 'origin', 'claude/other')).toMatchObject({ found: false, reason: 'no-record' });
    // Only the record branch moved.
    expect(await git(remote.bare, 'rev-parse', 'main')).toBe(mainBefore);
    expect((await git(remote.bare, 'for-each-ref', '--format=%(refname)', 'refs/heads')).split('\n').sort()).toEqual([`refs/heads/${PREVIEW_RECORD_BRANCH}`, 'refs/heads/main']);

    // Removing: one commit drops the named records; an absent one is no change.
    const writer = gitFor(clones[0]!.dir, { env: process.env, identity: ACTIONS_BOT });
    const removed = await changeRecords(writer, 'origin', { remove: [{ branch: 'claude/task-1' }, { branch: 'claude/task-2' }, { branch: 'claude/never' }], message: 'remove' });
    expect(removed.value).toBe(2);
    expect((await readRecords(reader, 'origin'))?.records.map((r) => r.branch).sort()).toEqual(['claude/task-0', 'claude/task-3', 'claude/task-4', 'claude/task-5']);
    const nothing = await changeRecords(writer, 'origin', { remove: [{ branch: 'claude/never' }], message: 'remove' });
    expect(nothing).toMatchObject({ commit: undefined, value: 0 });
  });

  it('names a record file that is not a valid record, and answers "no branch" before the first deploy', async ({ onTestFinished }) => {
    const remote = await makeRemote({ 'README.md': 'site\n' });
    onTestFinished(remote.remove);
    const clone = await remote.clone('reader');
    const reader = gitFor(clone.dir, { env: process.env });
    expect(await readRecords(reader, 'origin')).toBeUndefined();
    expect(await readRecord(reader, 'origin', 'main')).toEqual({ found: false, reason: 'no-record-branch' });

    await clone.git('checkout', '-q', '--orphan', PREVIEW_RECORD_BRANCH);
    await clone.git('rm', '-r', '-q', '--cached', '.');
    await clone.git('clean', '-fdq');
    await clone.write({ 'main.json': '{"branch": "main"}\n', [`${previewSlug('claude/x')}.json`]: `${JSON.stringify({ ...record('claude/y', 1) })}\n`, 'broken.json': '{' });
    await clone.commitAndPush('hand-made records', PREVIEW_RECORD_BRANCH);
    const snapshot = await readRecords(reader, 'origin');
    expect(snapshot?.records).toEqual([]);
    expect(snapshot?.problems).toHaveLength(3);
    expect(snapshot?.problems.join('\n')).toMatch(/handoff\/previews:main\.json: field kind/);
    expect(snapshot?.problems.join('\n')).toMatch(/names branch 'claude\/y', whose record is claude-y--[0-9a-f]{10}\.json/);
    expect(snapshot?.problems.join('\n')).toMatch(/handoff\/previews:broken\.json: expected JSON/);
    expect(await readRecord(reader, 'origin', 'main')).toMatchObject({ found: false, reason: 'invalid' });
  });
});
