import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { GitError, gitOutput, type Git } from '../git/git-runner.js';
import { fetchBranch, pushWithRetry, type PushOutcome, type RetryPolicy } from '../git/push-with-retry.js';
import type { TreeEdit } from '../git/tree-commit.js';
import { parseRecord, PREVIEW_RECORD_BRANCH, recordFileOf, serializeRecord, type PreviewRecord, type RecordKey } from './preview-record.js';

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
  // -r: the sites: form keeps each site's records in the site's folder.
  const files = (await gitOutput(git, ['ls-tree', '-r', '--name-only', commit])).split('\n').filter((file) => file.endsWith('.json'));
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
  | { found: true; commit: string; records: PreviewRecord[] }
  | { found: false; reason: 'no-record-branch' | 'no-record'; commit?: string }
  | { found: false; reason: 'invalid'; commit: string; message: string };

/**
 * One branch's records, fetched from the remote: one per site deployed from it (the one-site
 * form has one), in site order. An unreadable record of the branch is named, not skipped.
 */
export async function readRecord(git: Git, remote: string, branch: string): Promise<RecordLookup> {
  const snapshot = await readRecords(git, remote);
  if (!snapshot) return { found: false, reason: 'no-record-branch' };
  const records = snapshot.records.filter((record) => record.branch === branch).sort((a, b) => (a.site ?? '').localeCompare(b.site ?? ''));
  const ownFile = recordFileOf({ branch });
  const ownFiles = snapshot.files.filter((file) => file === ownFile || file.endsWith(`/${ownFile}`));
  const invalid = snapshot.problems.find((problem) => ownFiles.some((file) => problem.startsWith(`${PREVIEW_RECORD_BRANCH}:${file}:`)));
  if (records.length === 0 && invalid) return { found: false, reason: 'invalid', commit: snapshot.commit, message: invalid };
  if (records.length === 0) return { found: false, reason: 'no-record', commit: snapshot.commit };
  return { found: true, commit: snapshot.commit, records };
}

export interface RecordChange {
  /** Records to write (a deploy). */
  put?: readonly PreviewRecord[];
  /** Records that go (a removed preview): a branch's, of one site or of the one-site form. */
  remove?: readonly RecordKey[];
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
      const edits: TreeEdit[] = (change.put ?? []).map((record) => ({ kind: 'file', path: recordFileOf(record), content: serializeRecord(record) }));
      for (const key of change.remove ?? []) {
        const file = recordFileOf(key);
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
