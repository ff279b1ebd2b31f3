import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Git } from '../git/git-runner.js';
import type { ContentChange } from './record-results.js';
import type { ResultToCommit } from './result-edits.js';
import { entriesAt } from '../git/tree-commit.js';
import { taskFolder } from '../lifecycle/task-folders.js';
import type { TaskResult } from '../result/task-result.js';
import { checkRelativePath } from '../task/task-schema.js';
import { classified, refusedToCommit } from './refused-result.js';

/**
 * The files a content-edit task changed in the run's checkout, to commit with its result: what
 * git sees changed, added or deleted under the task's content folder, against the commit the task
 * ran on (the checkout's HEAD). Only a successful edit that wrote its files is committed.
 */
export async function contentChangesOf(git: Git, repoRoot: string, result: TaskResult): Promise<ContentChange[]> {
  if (result.type !== 'content-edit' || result.status !== 'success' || result.outputs.written !== true) return [];
  // content_dirs: every content folder of the site (one per language on some sites); content_dir: results before it.
  const listed = Array.isArray(result.outputs.content_dirs) ? result.outputs.content_dirs : [result.outputs.content_dir];
  for (const contentDir of listed) {
    if (typeof contentDir !== 'string' || checkRelativePath(contentDir)) throw new Error(`${result.task_id}: the result names no content folder inside the repository (content_dir: ${String(contentDir)})`);
  }
  const status = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...(listed as string[])]);
  const changed = status.stdout
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => ({ code: entry.slice(0, 2), file: entry.slice(3) }));
  const base = await entriesAt(
    git,
    'HEAD',
    changed.map((entry) => entry.file),
  );
  const changes: ContentChange[] = [];
  for (const { code, file } of changed) {
    const baseBlob = base.get(file)?.blob;
    if (code.includes('D')) changes.push({ edit: { kind: 'delete', path: file }, baseBlob });
    else changes.push({ edit: { kind: 'file', path: file, content: await readFile(path.join(repoRoot, file), 'utf8') }, baseBlob });
  }
  return changes;
}

/** The failed result recorded instead when the branch changed a file the edit also changed. */
export function conflictResult(result: TaskResult, paths: readonly string[], branch: string): ResultToCommit {
  const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '');
  const message = `${shown} changed on ${branch} after the task ran; the edit was not committed, so it does not undo that change`;
  const failed: TaskResult = {
    ...result,
    status: 'failed',
    task_file: path.posix.join(taskFolder('failed'), path.posix.basename(result.task_file)),
    outputs: { ...result.outputs, written: false },
    error: classified('git-merge-conflict', message, 'Run the edit again as a new content-edit task: it will apply to the files as they are now (check them first).', paths[0] ? { file: paths[0] } : {}),
  };
  return refusedToCommit(failed, message);
}
