import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { GitError, gitOutput, type Git } from '../git/git-runner.js';
import { fetchBranch, pushWithRetry, type PushOutcome, type RetryPolicy } from '../git/push-with-retry.js';
import type { TreeEdit } from '../git/tree-commit.js';
import { parseRecord, PREVIEW_RECORD_BRANCH, recordFileOf, serializeRecord, type PreviewRecord } from './preview-record.js';

export interface RecordSnapshot {
  /** The record branch's head on the remote. */
  commit: string;
  records: PreviewRecord[];
  /** Every record file's name, the unreadable ones too: each vouches for the folder of its name. */
  files: string[];
  /** Files that are not valid records (named, with what is wrong); they are left alone. */
  problems: string[];
}

/** Whether the remote has the record branch yet (the first deploy creates it). */
export async function hasRecordBranch(git: Git, remote: string): Promise<boolean> {
  const listed = await gitOutput(git, ['ls-remote', '--heads', remote, `refs/heads/${PREVIEW_RECORD_BRANCH}`]);
  return listed !== '';
}

/** Every record on the remote's record branch; undefined when there is no such branch yet. */
export async function readRecords(git: Git, remote: string): Promise<RecordSnapshot | undefined> {
  if (!(await hasRecordBranch(git, remote))) return undefined;
  const commit = await fetchBranch(git, { remote, branch: PREVIEW_RECORD_BRANCH });
  const files = (await gitOutput(git, ['ls-tree', '--name-only', commit])).split('\n').filter((file) => file.endsWith('.json'));
  const records: PreviewRecord[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parsed = parseRecord(await gitOutput(git, ['show', `${commit}:${file}`]), file);
    if (parsed.ok) records.push(parsed.record);
    else problems.push(parsed.message);
  }
  return { commit, records, files, problems };
}

export type RecordLookup =
  | { found: true; commit: string; record: PreviewRecord }
  | { found: false; reason: 'no-record-branch' | 'no-record'; commit?: string }
  | { found: false; reason: 'invalid'; commit: string; message: string };

/** One branch's record, fetched from the remote. */
export async function readRecord(git: Git, remote: string, branch: string): Promise<RecordLookup> {
  if (!(await hasRecordBranch(git, remote))) return { found: false, reason: 'no-record-branch' };
  const commit = await fetchBranch(git, { remote, branch: PREVIEW_RECORD_BRANCH });
  const file = recordFileOf(branch);
  const shown = await git(['show', `${commit}:${file}`], { allowFailure: true });
  if (shown.exitCode !== 0) return { found: false, reason: 'no-record', commit };
  const parsed = parseRecord(shown.stdout, file);
  return parsed.ok ? { found: true, commit, record: parsed.record } : { found: false, reason: 'invalid', commit, message: parsed.message };
}

export interface RecordChange {
  /** Records to write (a deploy). */
  put?: readonly PreviewRecord[];
  /** Branches whose records go (a removed preview). */
  remove?: readonly string[];
  message: string;
}

/**
 * Writes and removes records in one commit on the record branch, pushed with fetch and retry:
 * deploys of many branches finishing at once all land, each touching only its own file. The
 * branch is created (an empty root commit) on first use.
 */
export async function changeRecords(git: Git, remote: string, change: RecordChange, policy?: RetryPolicy): Promise<PushOutcome<number>> {
  if (!(await hasRecordBranch(git, remote))) await createRecordBranch(git, remote);
  return pushWithRetry(
    git,
    { remote, branch: PREVIEW_RECORD_BRANCH },
    async (head) => {
      const edits: TreeEdit[] = (change.put ?? []).map((record) => ({ kind: 'file', path: recordFileOf(record.branch), content: serializeRecord(record) }));
      for (const branch of change.remove ?? []) {
        const file = recordFileOf(branch);
        if ((await git(['cat-file', '-e', `${head}:${file}`], { allowFailure: true })).exitCode === 0) edits.push({ kind: 'delete', path: file });
      }
      return { edits, message: change.message, value: edits.length };
    },
    policy,
  );
}

/** An empty root commit pushed as the record branch. Losing a race to create it is fine: the other run made it. */
async function createRecordBranch(git: Git, remote: string): Promise<void> {
  const gitDir = await gitOutput(git, ['rev-parse', '--absolute-git-dir']);
  const index = path.join(gitDir, `handoff-${randomBytes(6).toString('hex')}-index`);
  try {
    const emptyTree = await gitOutput(git, ['write-tree'], { env: { GIT_INDEX_FILE: index } });
    const root = await gitOutput(git, ['commit-tree', emptyTree, '-m', 'handoff: preview records (one JSON file per deployed branch; written by the dev-deploy workflow)']);
    const pushed = await git(['push', '--porcelain', remote, `${root}:refs/heads/${PREVIEW_RECORD_BRANCH}`], { allowFailure: true });
    if (pushed.exitCode !== 0 && !(await hasRecordBranch(git, remote))) {
      throw new GitError(['push', remote, `refs/heads/${PREVIEW_RECORD_BRANCH}`], pushed.exitCode, `${pushed.stdout}\n${pushed.stderr}`);
    }
  } finally {
    await rm(index, { force: true });
  }
}
