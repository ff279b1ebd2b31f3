import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { pathExists } from '../files/path-exists.js';
import { fetchBranch, type RetryPolicy } from '../git/push-with-retry.js';
import type { Git } from '../git/git-runner.js';
import { taskFolder, TASK_STATES } from '../lifecycle/task-folders.js';
import { latestPathFor } from '../result/result-paths.js';
import { NotRunnableError, runTask, type RunDependencies, type TaskRunOutcome } from './run-task.js';
import { agentGit, isGitRepository, remoteBranchFor } from '../branch-sync/git-remote.js';
import { pushBranch } from '../branch-sync/push-branch.js';
import { clearUntrackedCollisions, describeConflictingUntracked } from '../branch-sync/untracked-collisions.js';

export interface WatchRequest {
  root: string;
  /** Run what is pending now, then return (instead of watching until stopped). */
  once: boolean;
  intervalMs: number;
  /** Commit each result and the task's move, and push them, so `handoff wait` elsewhere sees them. */
  push: boolean;
  env: NodeJS.ProcessEnv;
  /**
   * Reads handoff.yml for each task (the edge's loader): a watcher runs for hours, and a
   * fast-forward may bring a changed handoff.yml.
   */
  readConfig: () => Promise<LoadedConfig>;
  /** Aborted by SIGINT/SIGTERM: the task being run finishes, no new one starts. */
  signal: AbortSignal;
  deps: RunDependencies;
  onEvent: (line: string) => void;
  retry?: RetryPolicy;
}

export interface WatchedRun {
  task_id: string;
  status: string;
  result_path: string;
  exit_code: 0 | 1;
  /** The commit that recorded it, when --push; null otherwise or when the push failed. */
  pushed_commit: string | null;
}

/**
 * The worker on this machine: runs each task that appears in tasks/pending/, oldest id first, one
 * at a time (so never two of one environment at once). runTask's move to tasks/in-progress/ is the
 * claim. A stop request is honoured between tasks only: a running task always gets its result
 * written and its file moved, so no task is ever left half-moved.
 */
export async function watchTasks(request: WatchRequest): Promise<WatchedRun[]> {
  const runs: WatchedRun[] = [];
  const git = agentGit(request.root, request.env);
  const usesGit = request.push && (await isGitRepository(git));
  const target = usesGit ? await remoteBranchFor(git) : undefined;
  if (request.push && !target) request.onEvent(`handoff: --push: ${usesGit ? 'no remote to push to' : 'not a git repository'}; results stay in the work tree`);
  const failing = new Set<string>();
  while (!request.signal.aborted) {
    if (target) await catchUp(git, request, `${target.remote}/${target.branch}`, () => fetchBranch(git, target));
    const pending = (await readdir(path.join(request.root, taskFolder('pending'))).catch(() => [] as string[]))
      .filter((name) => name.endsWith('.md') && !failing.has(name))
      .sort();
    for (const name of pending) {
      if (request.signal.aborted) break;
      const relative = path.posix.join(taskFolder('pending'), name);
      let outcome: TaskRunOutcome;
      try {
        outcome = await runTask({ root: request.root, taskFile: relative, config: await request.readConfig() }, request.deps);
      } catch (error) {
        // Another worker took it between the listing and the claim: not an error, just not ours.
        if (error instanceof NotRunnableError && !(await pathExists(path.join(request.root, relative)))) continue;
        failing.add(name);
        request.onEvent(`handoff: ${relative} could not be run: ${error instanceof Error ? error.message : String(error)}; skipping it`);
        continue;
      }
      const verdict = outcome.exitCode === 0 ? 'pass' : 'fail';
      request.onEvent(`handoff: ${outcome.result.task_id} ${outcome.result.status} (${verdict}): ${outcome.resultPath}`);
      const run: WatchedRun = { task_id: outcome.result.task_id, status: outcome.result.status, result_path: outcome.resultPath, exit_code: outcome.exitCode, pushed_commit: null };
      if (usesGit) run.pushed_commit = await recordInGit(git, request, name, outcome, target !== undefined);
      runs.push(run);
    }
    if (request.once || request.signal.aborted) break;
    await pause(request.intervalMs, request.signal);
  }
  return runs;
}

/**
 * Brings the watcher's branch up to the remote (fast-forward only) so tasks pushed from another
 * clone appear in tasks/pending/. A branch that has diverged is left alone and said so.
 */
async function catchUp(git: Git, request: WatchRequest, where: string, fetch: () => Promise<string>): Promise<void> {
  try {
    const head = await fetch();
    // Results of earlier local runs that the remote also has would make git refuse the merge.
    const collisions = await clearUntrackedCollisions(git, head);
    if (collisions.conflicting.length > 0) request.onEvent(`handoff: not fast-forwarding to ${where}: ${describeConflictingUntracked(collisions.conflicting, where)}`);
    const merged = await git(['merge', '--ff-only', '--quiet', head], { allowFailure: true });
    if (merged.exitCode !== 0) request.onEvent(`handoff: could not fast-forward to ${where} (${merged.stderr.trim().split('\n')[0] ?? ''}); running what is here`);
  } catch (error) {
    request.onEvent(`handoff: fetching ${where} failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running what is here`);
  }
}

/**
 * Commits exactly this task's paths (its old and new places, its result, the latest link) and
 * pushes: other files, such as tasks the agent is still writing, stay out of the commit.
 */
async function recordInGit(git: Git, request: WatchRequest, fileName: string, outcome: TaskRunOutcome, push: boolean): Promise<string | null> {
  const candidates = [
    ...TASK_STATES.map((state) => path.posix.join(taskFolder(state), fileName)),
    outcome.resultPath,
    latestPathFor(outcome.result.type, outcome.result.environment, outcome.result.site),
  ];
  const paths: string[] = [];
  for (const candidate of candidates) {
    const tracked = (await git(['ls-files', '--', candidate])).stdout.trim() !== '';
    if (tracked || (await pathExists(path.join(request.root, candidate)))) paths.push(candidate);
  }
  try {
    await git(['add', '-A', '--', ...paths]);
    const message = `handoff: ${outcome.result.status === 'success' ? 'completed' : 'failed'} ${outcome.result.task_id} (local watcher)\n\n${outcome.resultPath}\n`;
    await git(['commit', '--quiet', '--only', '-m', message, '--', ...paths]);
    if (!push) return null;
    const target = await remoteBranchFor(git);
    if (!target) return null;
    const pushed = await pushBranch(git, target, request.retry);
    request.onEvent(`handoff: pushed ${outcome.result.task_id}'s result to ${target.remote}/${target.branch} (${pushed.commit.slice(0, 12)})`);
    return pushed.commit;
  } catch (error) {
    request.onEvent(`handoff: recording ${outcome.result.task_id} in git failed: ${error instanceof Error ? error.message : String(error)}; the result is in the work tree`);
    return null;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
