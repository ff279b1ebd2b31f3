import { type MonotonicClock, monotonicClock } from '../clock.js';
import path from 'node:path';
import { fetchBranch, type RemoteBranch } from '../git/push-with-retry.js';
import type { TaskState } from '../lifecycle/task-folders.js';
import { readResultFile } from '../result/read-result.js';
import type { TaskResult } from '../result/task-result.js';
import { AgentError } from '../errors/agent-error.js';
import { commandName, type AgentInterface } from './agent-interface.js';
import { agentGit, isGitRepository, remoteBranchFor } from '../branch-sync/git-remote.js';
import { committedTaskLocation, localTaskLocation, readCommittedResult, type TaskLocation } from './task-location.js';

export interface WaitRequest {
  root: string;
  id: string;
  timeoutMs: number;
  /** The longest pause between two looks; the first looks come sooner (bounded backoff). */
  maxIntervalMs: number;
  env: NodeJS.ProcessEnv;
  /** A line for the person or agent watching: the task's state when it changes. */
  onProgress?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: MonotonicClock;
  /** Stops the wait early (the MCP client cancelled); it then ends as a timeout. */
  signal?: AbortSignal;
  /** Which interface asked, so hints name its commands or tools (default cli). */
  via?: AgentInterface;
}

export type WaitOutcome =
  | { found: true; result: TaskResult; resultPath: string; source: 'remote' | 'local'; waitedSeconds: number }
  | { found: false; state: string; waitedSeconds: number; /** Whether there is a remote branch a worker could push the result to. */ remote: boolean };

const FIRST_INTERVAL_MS = 1000;

/** What a wait that ran out of time says, in the words of the interface that asked. */
export function timeoutMessage(id: string, outcome: { state: string; waitedSeconds: number; remote: boolean }, via: AgentInterface = 'cli'): string {
  const head = `no result for ${id} after ${outcome.waitedSeconds} s; the task ${outcome.state}.`;
  if (!outcome.remote && outcome.state.startsWith('is pending')) return `${head} ${nothingRunsIt(id, via)}`;
  return `${head} Wait again (${commandName(via, 'wait')} ${via === 'cli' ? id : `with task_id ${id}`}), or check where it is with ${commandName(via, 'status')}`;
}

/** No remote and the task still pending here: only a worker on this machine can run it. */
function nothingRunsIt(id: string, via: AgentInterface): string {
  const file = `tasks/pending/${id}.md`;
  const runIt = via === 'cli' ? `handoff run ${file}` : `the run_task tool with path "${file}"`;
  return `This repository has no remote, so no workflow will run it: start handoff watch on this machine (it runs pending tasks), run it now (${runIt}), or add a remote and submit it (${commandName(via, 'submit')}).`;
}

/**
 * Waits for a task's result: fetches the remote branch (when there is one) and looks for
 * results/<day>/<id>.result.md there, reading git objects only so the agent's work tree is never
 * touched; also looks in the work tree, for a watcher on this machine that does not push. Polls
 * with backoff from one second up to the interval, reports each change of the task's state, and
 * gives up at the timeout.
 */
export async function waitForResult(request: WaitRequest): Promise<WaitOutcome> {
  if (!/^[A-Za-z0-9._-]+$/.test(request.id)) throw new AgentError('usage', `task id: expected letters, digits, dots, dashes and underscores; found "${request.id}"`);
  const now = request.now ?? monotonicClock;
  const via = request.via ?? 'cli';
  const sleep = request.sleep ?? ((ms: number) => abortableSleep(ms, request.signal));
  const started = now();
  const git = agentGit(request.root, request.env);
  const target = (await isGitRepository(git)) ? await remoteBranchFor(git) : undefined;
  const where = target ? `${target.remote}/${target.branch}` : 'this repository';
  let lastState = '';
  let interval = Math.min(FIRST_INTERVAL_MS, request.maxIntervalMs);
  let fetchFailures = 0;
  for (let look = 1; ; look++) {
    const seen = await lookOnce(request, git, target, (message) => {
      fetchFailures++;
      if (fetchFailures === 1 || fetchFailures % 10 === 0) request.onProgress?.(`handoff: fetching ${where} failed (${message}); still waiting`);
    });
    const waitedSeconds = Math.round((now() - started) / 100) / 10;
    if (seen.found) return { found: true, ...seen.found, waitedSeconds };
    const state = describeState(seen.remote, seen.local, where);
    if (look === 1 && state === undefined) {
      throw new AgentError('not-found', `no task ${request.id} in tasks/ on ${where} or in the work tree, and no result: check the id (${commandName(via, 'status')} lists the tasks), or submit it first`);
    }
    if (look === 1 && !target && state?.startsWith('is pending')) request.onProgress?.(`handoff: ${nothingRunsIt(request.id, via)}`);
    const shown = state ?? 'no longer in tasks/';
    if (shown !== lastState) {
      request.onProgress?.(`handoff: ${request.id} ${shown} (${waitedSeconds} s)`);
      lastState = shown;
    }
    const remaining = request.timeoutMs - (now() - started);
    if (remaining <= 0 || request.signal?.aborted) return { found: false, state: shown, waitedSeconds, remote: target !== undefined };
    await sleep(Math.min(interval, remaining));
    interval = Math.min(request.maxIntervalMs, Math.round(interval * 1.6));
  }
}

interface Look {
  found?: { result: TaskResult; resultPath: string; source: 'remote' | 'local' };
  remote?: TaskLocation;
  local: TaskLocation;
}

async function lookOnce(request: WaitRequest, git: ReturnType<typeof agentGit>, target: RemoteBranch | undefined, onFetchError: (message: string) => void): Promise<Look> {
  let remote: TaskLocation | undefined;
  if (target) {
    try {
      const head = await fetchBranch(git, target);
      remote = await committedTaskLocation(git, head, request.id);
      if (remote.resultPath) {
        const read = await readCommittedResult(git, head, remote.resultPath);
        if (!read.ok) throw new AgentError('refused', `${remote.resultPath} on ${target.remote}/${target.branch} is not a readable result: ${read.problems.map((problem) => `${problem.field}: ${problem.found}`).join('; ')}`, read.problems);
        return { found: { result: read.result, resultPath: remote.resultPath, source: 'remote' }, remote, local: { states: [] } };
      }
    } catch (error) {
      if (error instanceof AgentError) throw error;
      onFetchError(error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
    }
  }
  const local = await localTaskLocation(request.root, request.id);
  if (local.resultPath) {
    const read = await readResultFile(path.join(request.root, local.resultPath), local.resultPath);
    if (read.ok) return { found: { result: read.result, resultPath: local.resultPath, source: 'local' }, ...(remote ? { remote } : {}), local };
  }
  return { ...(remote ? { remote } : {}), local };
}

/**
 * The furthest state either copy shows: a watcher on this machine moves the task in the work
 * tree before anything is pushed, the workflow moves it on the remote.
 */
function describeState(remote: TaskLocation | undefined, local: TaskLocation, where: string): string | undefined {
  const order: TaskState[] = ['failed', 'completed', 'in-progress', 'pending'];
  for (const state of order) {
    if (remote?.states.includes(state)) return `is ${state === 'in-progress' ? 'in progress (claimed by a worker)' : state} on ${where}`;
    if (local.states.includes(state)) return `is ${state === 'in-progress' ? 'in progress (claimed by a worker)' : state} in the work tree`;
  }
  return undefined;
}

export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
