import path from 'node:path';
import { latestPathFor, resultPathFor } from '../result/result-paths.js';
import type { TaskResult } from '../result/task-result.js';
import { parseFrontMatter } from '../task/front-matter.js';
import type { Git } from '../git/git-runner.js';
import { entryAt, readBlob, type TreeEdit } from '../git/tree-commit.js';

/** A result on its way into a commit: the data and the rendered file. */
export interface ResultToCommit {
  result: TaskResult;
  /** The result file's text, as renderResult wrote it. */
  text: string;
  /** False for a task too broken to have a type and environment (runTask's rule). */
  updateLatest: boolean;
}

/**
 * The edits that add result files and point results/latest/<type>-<environment> at the newest of
 * each kind. "Newest" is decided against the head being committed on, not the job's checkout:
 * runs record out of order, and a result that finished earlier must not take the link back.
 */
export async function resultEdits(git: Git, head: string, results: readonly ResultToCommit[]): Promise<TreeEdit[]> {
  const edits: TreeEdit[] = [];
  const newestByLink = new Map<string, TaskResult>();
  for (const item of results) {
    edits.push({ kind: 'file', path: resultPathFor(item.result.task_id, item.result.finished_at), content: item.text });
    if (!item.updateLatest) continue;
    const link = latestPathFor(item.result.type, item.result.environment, typeof item.result.site === 'string' ? item.result.site : undefined);
    const current = newestByLink.get(link);
    if (!current || current.finished_at <= item.result.finished_at) newestByLink.set(link, item.result);
  }
  for (const [link, result] of newestByLink) {
    const linked = await finishedAtOfLink(git, head, link);
    if (linked !== undefined && linked > result.finished_at) continue;
    const target = resultPathFor(result.task_id, result.finished_at);
    edits.push({ kind: 'symlink', path: link, target: path.posix.relative(path.posix.dirname(link), target) });
  }
  return edits;
}

async function finishedAtOfLink(git: Git, head: string, link: string): Promise<string | undefined> {
  const entry = await entryAt(git, head, link);
  if (!entry || entry.mode !== '120000') return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(link), await readBlob(git, entry.blob)));
  const pointed = await entryAt(git, head, target);
  if (!pointed) return undefined;
  const parsed = parseFrontMatter(await readBlob(git, pointed.blob), target);
  if (!parsed.ok) return undefined;
  const finished = parsed.file.data.finished_at;
  return typeof finished === 'string' ? finished : finished instanceof Date ? finished.toISOString() : undefined;
}
