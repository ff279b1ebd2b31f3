import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { agentGit, isGitRepository, remoteBranchFor } from '../branch-sync/git-remote.js';
import type { LoadedConfig } from '../config/load-config.js';
import { isMultiSite, siteNamed } from '../config/sites.js';
import { fetchBranch } from '../git/push-with-retry.js';
import { TASK_STATES, taskFolder, type TaskState } from '../lifecycle/task-folders.js';
import { listRecentResults } from '../result/find-results.js';
import { parseFrontMatter } from '../task/front-matter.js';
import { formatProblem } from '../validation/problem.js';
import { AgentError } from '../errors/agent-error.js';
import { optionName, type AgentInterface } from './agent-interface.js';
import { committedTaskLocation, localTaskLocation } from './task-location.js';

export interface RecentResult {
  task_id: string;
  type: string;
  environment: string;
  site?: string;
  status: string;
  finished_at: string;
  path: string;
  error_category: string | null;
}

/** The shape `handoff status --json` prints: every task folder and the newest results. */
export interface TaskStatus {
  ok: true;
  pending: string[];
  in_progress: string[];
  completed: string[];
  failed: string[];
  recent_results: RecentResult[];
}

/**
 * `handoff status`: the task files in each folder and the newest results (up to limit), or only
 * one site's with `site` (which needs handoff.yml to load and to know the site).
 */
export async function taskStatus(request: { root: string; limit: number; site?: string; config: LoadedConfig; via?: AgentInterface }): Promise<TaskStatus> {
  const { root, limit } = request;
  const site = siteFilter(request.config, request.site, request.via ?? 'cli');
  const tasks = {} as Record<TaskState, string[]>;
  for (const state of TASK_STATES) {
    const folder = taskFolder(state);
    const names = await readdir(path.join(root, folder)).catch(() => [] as string[]);
    const files = names.filter((name) => name.endsWith('.md')).sort().map((name) => path.posix.join(folder, name));
    tasks[state] = site ? await filterAsync(files, async (file) => site.matches(await taskSiteOf(path.join(root, file)))) : files;
  }
  const recent = site
    ? (await listRecentResults(root, Number.MAX_SAFE_INTEGER)).filter(({ result }) => site.matches(result.site)).slice(0, limit)
    : await listRecentResults(root, limit);
  return {
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
  };
}

/** The task files of one state in a status answer. */
export function filesIn(status: TaskStatus, state: TaskState): string[] {
  return state === 'in-progress' ? status.in_progress : status[state];
}

/**
 * `site`: only that site's tasks and results. A task or result that names no site belongs to
 * the only site of a one-site repository.
 */
function siteFilter(config: LoadedConfig, name: string | undefined, via: AgentInterface): { matches: (site: unknown) => boolean } | undefined {
  if (name === undefined) return undefined;
  if (!config.ok) throw new AgentError('usage', `${optionName(via, 'site')}: handoff.yml does not load (${config.problems.map(formatProblem).join('; ')})`);
  const chosen = siteNamed(config.config, name);
  if (!chosen.ok) throw new AgentError('usage', `${optionName(via, 'site')}: expected ${chosen.expected}; found ${chosen.found}`);
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

export interface TaskWhereabouts {
  ok: true;
  task_id: string;
  local: { states: string[]; result_path: string | null };
  /** The remote branch's view (fetched now); null without a remote. */
  remote: { where: string; states: string[]; result_path: string | null } | null;
}

/** Where one task is, in the work tree and on the remote branch (fetched), and its result path. */
export async function lookUpTask(request: { root: string; id: string; env: NodeJS.ProcessEnv }): Promise<TaskWhereabouts> {
  const { root, id } = request;
  const local = await localTaskLocation(root, id);
  const git = agentGit(root, request.env);
  const target = (await isGitRepository(git)) ? await remoteBranchFor(git) : undefined;
  let remote: TaskWhereabouts['remote'] = null;
  if (target) {
    const head = await fetchBranch(git, target);
    const found = await committedTaskLocation(git, head, id);
    remote = { where: `${target.remote}/${target.branch}`, states: found.states, result_path: found.resultPath ?? null };
  }
  if (local.states.length === 0 && !local.resultPath && !remote?.states.length && !remote?.result_path) {
    throw new AgentError('not-found', `no task ${id} in tasks/ or results/ (check the id; task_status without task_id lists the tasks)`);
  }
  return { ok: true, task_id: id, local: { states: local.states, result_path: local.resultPath ?? null }, remote };
}
