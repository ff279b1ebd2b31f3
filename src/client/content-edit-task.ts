import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { contentEditWorker } from '../worker/content-edit-worker.js';
import { defaultRunDependencies } from '../worker/run-task.js';
import type { ContentEditParams } from '../task/task-schema.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { loadTask } from '../task/load-task.js';
import { AgentError } from '../errors/agent-error.js';

/**
 * Puts structured content-edit params (files, operations, flags) into a task file the
 * content-edit template made, then validates it; an invalid result is removed and refused with
 * its problems, so no half-made task stays in tasks/pending/.
 */
export async function fillContentEditParams(root: string, taskPath: string, params: Partial<ContentEditParams>): Promise<void> {
  const absolute = path.join(root, taskPath);
  const text = await readFile(absolute, 'utf8');
  const fence = /^---\n([\s\S]*?\n)---\n/.exec(text);
  if (!fence) throw new AgentError('refused', `${taskPath}: expected the front matter the content-edit template writes`);
  // A file handoff itself just wrote, so re-serialising its front matter loses nothing anyone wrote.
  const doc = parseDocument(fence[1] ?? '');
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) doc.setIn(['params', key], value);
  }
  await writeFileAtomic(absolute, `---\n${doc.toString({ lineWidth: 0 })}---\n${text.slice(fence[0].length)}`);
  const loaded = await loadTask(absolute, { repoRoot: root, shownAs: taskPath });
  if (!loaded.ok) {
    await rm(absolute, { force: true });
    throw new AgentError('refused', `${taskPath}: the content-edit params are not valid; the task was not created`, loaded.problems);
  }
}

/**
 * Turns a dry-run content-edit task in tasks/pending/ into the edit itself: params.dry_run
 * false, in the same file under the same id (a second task for the same edit would collide).
 */
export async function applyContentEditTask(root: string, taskPath: string): Promise<{ ok: true; task_id: string; path: string; next_step: string }> {
  if (!/^tasks\/pending\/[^/]+\.md$/.test(taskPath)) throw new AgentError('usage', `${taskPath}: expected a task in tasks/pending/ (a dry run leaves it there)`);
  const loaded = await loadTask(path.join(root, taskPath), { repoRoot: root, shownAs: taskPath });
  if (!loaded.ok) throw new AgentError('refused', `${taskPath} is not a valid task`, loaded.problems);
  if (loaded.task.type !== 'content-edit') throw new AgentError('usage', `${taskPath} is a ${loaded.task.type} task; only a content-edit task is applied`);
  await fillContentEditParams(root, taskPath, { dry_run: false });
  return { ok: true, task_id: loaded.task.id, path: taskPath, next_step: `Submit it (submit_task, or handoff submit ${taskPath}), or run it here with handoff run ${taskPath}: the edit is written this time.` };
}

/**
 * The diff a content-edit task would make, without writing anything or moving the task: the
 * agent's dry run before it submits. The answer holds the start of the diff; onLine gets all of it.
 */
export async function diffContentEdit(root: string, taskPath: string, onLine?: (line: string) => void) {
  const loaded = await loadTask(path.join(root, taskPath), { repoRoot: root, shownAs: taskPath });
  if (!loaded.ok) throw new AgentError('refused', `${taskPath} is not a valid task`, loaded.problems);
  const task = loaded.task;
  if (task.type !== 'content-edit') throw new AgentError('usage', `${taskPath} is a ${task.type} task; a dry run diffs content-edit tasks`);
  // A dry run builds nothing (build_after runs only on a written edit); hugo reads the site's view.
  const report = await contentEditWorker(root, task, {
    ...defaultRunDependencies,
    deployOverrides: { dryRun: true },
    ...(onLine ? { onLine } : {}),
  });
  const outputs = report.outputs;
  return {
    ok: report.error === undefined,
    task_id: task.id,
    files_matched: outputs.files_matched,
    files_changed: outputs.files_changed,
    replacements: outputs.replacements,
    refs_updated: outputs.refs_updated,
    changes: outputs.changes,
    diff: outputs.diff,
    errors: outputs.errors,
    summary: outputs.summary,
    ...(report.error ? { error: report.error } : { next_step: `To write it: apply_content_edit with this path (or handoff run ${taskPath} --apply), the same task and id.` }),
  };
}
