import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { TASK_STATES, taskFolder, type TaskState } from '../../lifecycle/task-folders.js';
import { listRecentResults } from '../../result/find-results.js';
import { printJson, UsageError, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const limitText = (parsed.values.limit as string | undefined) ?? '10';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000) throw new UsageError(`--limit: expected a whole number from 0 to 1000; found "${limitText}"`);

  const tasks = {} as Record<TaskState, string[]>;
  for (const state of TASK_STATES) {
    const folder = taskFolder(state);
    const names = await readdir(path.join(context.root, folder)).catch(() => [] as string[]);
    tasks[state] = names.filter((name) => name.endsWith('.md')).sort().map((name) => path.posix.join(folder, name));
  }
  const recent = await listRecentResults(context.root, limit);
  if (context.json) {
    printJson(context, {
      ok: true,
      pending: tasks.pending,
      in_progress: tasks['in-progress'],
      completed: tasks.completed,
      failed: tasks.failed,
      recent_results: recent.map(({ path: file, result }) => ({
        task_id: result.task_id,
        type: result.type,
        environment: result.environment,
        status: result.status,
        finished_at: result.finished_at,
        path: file,
        error_category: result.error?.category ?? null,
      })),
    });
    return 0;
  }
  for (const state of TASK_STATES) {
    context.stdout(`${state} (${tasks[state].length})\n`);
    const shown = state === 'completed' || state === 'failed' ? tasks[state].slice(-5) : tasks[state];
    for (const file of shown) context.stdout(`  ${file}\n`);
    if (shown.length < tasks[state].length) context.stdout(`  … and ${tasks[state].length - shown.length} more\n`);
  }
  context.stdout(`recent results (${recent.length})\n`);
  for (const { path: file, result } of recent) {
    const error = result.error ? `  ${result.error.category}` : '';
    context.stdout(`  ${result.status === 'success' ? '✅' : '❌'} ${result.finished_at}  ${file}${error}\n`);
  }
  return 0;
}
