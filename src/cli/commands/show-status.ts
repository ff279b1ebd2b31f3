import { readdir, readFile } from 'node:fs/promises';
import { loadConfig } from '../../config/load-config.js';
import { isMultiSite, siteNamed } from '../../config/sites.js';
import { parseFrontMatter } from '../../task/front-matter.js';
import { formatProblem } from '../../validation/problem.js';
import path from 'node:path';
import { TASK_STATES, taskFolder, type TaskState } from '../../lifecycle/task-folders.js';
import { listRecentResults } from '../../result/find-results.js';
import { printJson, UsageError, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const limitText = (parsed.values.limit as string | undefined) ?? '10';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000) throw new UsageError(`--limit: expected a whole number from 0 to 1000; found "${limitText}"`);

  const site = await siteFilter(context, parsed.values.site as string | undefined);
  const tasks = {} as Record<TaskState, string[]>;
  for (const state of TASK_STATES) {
    const folder = taskFolder(state);
    const names = await readdir(path.join(context.root, folder)).catch(() => [] as string[]);
    const files = names.filter((name) => name.endsWith('.md')).sort().map((name) => path.posix.join(folder, name));
    tasks[state] = site ? await filterAsync(files, async (file) => site.matches(await taskSiteOf(path.join(context.root, file)))) : files;
  }
  const recent = site
    ? (await listRecentResults(context.root, Number.MAX_SAFE_INTEGER)).filter(({ result }) => site.matches(result.site)).slice(0, limit)
    : await listRecentResults(context.root, limit);
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
        ...(result.site ? { site: result.site } : {}),
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

/**
 * `--site`: only that site's tasks and results. A task or result that names no site belongs to
 * the only site of a one-site repository.
 */
async function siteFilter(context: CliContext, name: string | undefined): Promise<{ matches: (site: unknown) => boolean } | undefined> {
  if (name === undefined) return undefined;
  const config = await loadConfig(context.root);
  if (!config.ok) throw new UsageError(`--site: handoff.yml does not load (${config.problems.map(formatProblem).join('; ')})`);
  const chosen = siteNamed(config.config, name);
  if (!chosen.ok) throw new UsageError(`--site: expected ${chosen.expected}; found ${chosen.found}`);
  const only = !isMultiSite(config.config);
  return { matches: (site) => site === name || (only && site === undefined) };
}

async function taskSiteOf(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const parsed = parseFrontMatter(text, file);
  return parsed.ok ? parsed.file.data.site : undefined;
}

async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept: T[] = [];
  for (const item of items) if (await keep(item)) kept.push(item);
  return kept;
}
