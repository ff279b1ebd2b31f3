import type { Clock } from '../clock.js';
import path from 'node:path';
import { count, readTrailer, RUN_TRAILER, SKIP_MARKER, trailerLines } from './commit-message.js';
import type { Git } from '../git/git-runner.js';
import { DEFAULT_RETRY, fetchBranch, pushWithRetry, type RemoteBranch, type RetryPolicy } from '../git/push-with-retry.js';
import { resultEdits } from './result-edits.js';
import { moveTaskEdits, readTaskFolders } from '../lifecycle/task-tree.js';
import { readBlob, type TreeEdit } from '../git/tree-commit.js';
import { configAtCommit } from '../config/config-at-commit.js';
import { resultSiteOf, siteNamed } from '../config/sites.js';
import type { GitHubApi, WorkflowRunState } from '../github/github-api.js';
import { taskFolder } from '../lifecycle/task-folders.js';
import { parseFrontMatter } from '../task/front-matter.js';
import { validateTask, type Task } from '../task/validate-task.js';
import { classified, refusedResult, refusedToCommit } from './refused-result.js';

/** How old a claim may grow before the sweep asks whether its run is alive (the sweep action's timeout-minutes). */
export const DEFAULT_CLAIM_TIMEOUT_MINUTES = 180;

export interface SweepInput {
  target: RemoteBranch;
  /** A claim older than this, whose run is not known to be alive, is dead. */
  timeoutMinutes: number;
  /** A dead claim is requeued until the task has been claimed this many times, then failed. */
  maxClaims: number;
  /**
   * A run that has finished all its task jobs (the workflow's last job passes its own run id):
   * its claims still in in-progress/ are dead now, whatever their age.
   */
  finishedRunId: string | undefined;
  /**
   * That finished run was cancelled (a job of it ended `cancelled`): its unrecorded claims are
   * failed with a result saying so, never requeued, so a cancel is not undone by the settle job.
   */
  finishedRunCancelled?: boolean;
  runId: string;
  runUrl: string | null;
}

export interface SweepDeps {
  git: Git;
  /** Asked whether a claim's run is still going (waiting for approval, queued); absent: age alone decides. */
  github: GitHubApi | undefined;
  now: Clock;
  retry?: RetryPolicy;
}

/** What one claim looks like, read from the commit that moved the task into in-progress/. */
export interface Claim {
  fileName: string;
  blob: string;
  task: Task | undefined;
  /** Undefined when the claim commit is not in the clone's history (a shallow checkout). */
  claimedAt: Date | undefined;
  runId: string | undefined;
  /** How many times the task has been claimed (requeues count). */
  claims: number;
}

export type SweepAction = 'keep' | 'requeue' | 'fail';

export interface SweepDecision {
  fileName: string;
  action: SweepAction;
  reason: string;
}

export interface SweepOutcome {
  decisions: SweepDecision[];
  commit: string | undefined;
  requeued: string[];
  failed: string[];
}

/**
 * Finds claims whose run died (cancelled while queued, runner lost, record never ran) and puts
 * each task back in pending/ for another run, or fails it with a result saying why: after too
 * many claims, or always for production, where a new run would ask a reviewer again for a deploy
 * that may have been rejected on purpose.
 */
export async function sweepClaims(input: SweepInput, deps: SweepDeps): Promise<SweepOutcome> {
  const { git } = deps;
  const head = await fetchBranch(git, input.target);
  const folders = await readTaskFolders(git, head);
  const now = deps.now();
  const claims = await Promise.all([...folders['in-progress'].values()].map((entry) => readClaim(git, head, entry.path, entry.blob)));
  const runStates = new Map<string, Promise<RunState>>();
  const runState = (runId: string): Promise<RunState> => {
    if (!deps.github) return Promise.resolve('not-asked' as const);
    let state = runStates.get(runId);
    if (!state) {
      state = deps.github.getWorkflowRun(runId).catch(() => 'unknown' as const);
      runStates.set(runId, state);
    }
    return state;
  };
  const decisions: SweepDecision[] = [];
  for (const claim of claims.sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    const state = claim.runId && claim.runId !== input.finishedRunId && isStale(claim, now, input.timeoutMinutes) ? await runState(claim.runId) : undefined;
    decisions.push(
      decideClaim(claim, {
        now,
        timeoutMinutes: input.timeoutMinutes,
        maxClaims: input.maxClaims,
        finishedRunId: input.finishedRunId,
        finishedRunCancelled: input.finishedRunCancelled === true,
        runState: state,
      }),
    );
  }
  const acting = decisions.filter((decision) => decision.action !== 'keep');
  if (acting.length === 0) return { decisions, commit: undefined, requeued: [], failed: [] };

  const byName = new Map(claims.map((claim) => [claim.fileName, claim]));
  const outcome = await pushWithRetry(
    git,
    input.target,
    async (current) => {
      const now = deps.now();
      const currentFolders = await readTaskFolders(git, current);
      const edits: TreeEdit[] = [];
      const requeued: string[] = [];
      const failed: string[] = [];
      const results = [];
      const siteOf = await resultSiteAt(git, current);
      for (const decision of acting) {
        const claim = byName.get(decision.fileName);
        // Recorded or swept by someone else meanwhile: nothing left to do for it.
        if (!claim || currentFolders['in-progress'].get(decision.fileName)?.blob !== claim.blob) continue;
        if (decision.action === 'requeue') {
          edits.push(...moveTaskEdits(currentFolders, decision.fileName, 'pending'));
          requeued.push(decision.fileName);
        } else {
          edits.push(...moveTaskEdits(currentFolders, decision.fileName, 'failed'));
          failed.push(decision.fileName);
          const site = claim.task ? siteOf(claim.task) : undefined;
          const result = refusedResult({
            fileName: decision.fileName,
            ...(claim.task ? { task: claim.task } : {}),
            ...(site ? { site } : {}),
            error: classified(
              'unknown',
              `the run that claimed this task ended without recording it: ${decision.reason}`,
              'Escalate: tell the user the task was claimed but never finished (the result names the run); if it should still run, submit it again as a new task file.',
            ),
            ...(claim.claimedAt ? { startedAt: claim.claimedAt } : {}),
            finishedAt: now,
            runUrl: input.runUrl,
            commit: null,
          });
          results.push(refusedToCommit(result, decision.reason));
        }
      }
      edits.push(...(await resultEdits(git, current, results)));
      const subject = `handoff: sweep: ${[requeued.length ? `requeue ${count(requeued.length, 'task')}` : '', failed.length ? `fail ${count(failed.length, 'task')}` : ''].filter(Boolean).join(', ')} ${SKIP_MARKER}`;
      const lines = acting.filter((decision) => requeued.includes(decision.fileName) || failed.includes(decision.fileName)).map((decision) => `${decision.fileName}: ${decision.action}: ${decision.reason}`);
      return { edits, message: [subject, '', ...lines, '', ...trailerLines({ 'Handoff-Sweep-Run': input.runId })].join('\n'), value: { requeued, failed } };
    },
    deps.retry ?? DEFAULT_RETRY,
  );
  return { decisions, commit: outcome.commit, ...outcome.value };
}

/**
 * What GitHub said about a claim's run: its state, undefined when the run no longer exists,
 * 'unknown' when the API could not answer, 'not-asked' without a token (age alone decides).
 */
export type RunState = WorkflowRunState | undefined | 'unknown' | 'not-asked';

/** The rule, pure: keep a live or young claim; a dead one is requeued, or failed when it must not run again. */
export function decideClaim(
  claim: Claim,
  context: { now: Date; timeoutMinutes: number; maxClaims: number; finishedRunId: string | undefined; finishedRunCancelled?: boolean; runState: RunState },
): SweepDecision {
  const keep = (reason: string): SweepDecision => ({ fileName: claim.fileName, action: 'keep', reason });
  const fail = (reason: string): SweepDecision => ({ fileName: claim.fileName, action: 'fail', reason });
  let dead: string;
  if (claim.runId !== undefined && claim.runId === context.finishedRunId) {
    if (context.finishedRunCancelled) return fail(`its run ${claim.runId} was cancelled before the task was recorded; a cancelled task is not run again`);
    dead = `its run ${claim.runId} finished every task job without recording it (cancelled while queued, rejected, or the job broke)`;
  } else {
    if (!claim.claimedAt) return keep('the claim commit is not in this clone (check out with fetch-depth: 0)');
    const minutes = Math.floor((context.now.getTime() - claim.claimedAt.getTime()) / 60_000);
    if (!isStale(claim, context.now, context.timeoutMinutes)) return keep(`claimed ${minutes} min ago, within the ${context.timeoutMinutes} min timeout`);
    const state = context.runState;
    // Not knowing is not death: a production job waiting days for approval must not be failed
    // by an API hiccup and then deploy anyway once approved.
    if (state === 'unknown') return keep(`claimed ${minutes} min ago, but the state of its run ${claim.runId} could not be read from the GitHub API; kept until it can`);
    if (state && state !== 'not-asked' && state.status !== 'completed') return keep(`claimed ${minutes} min ago, but its run ${claim.runId} is still ${state.status}`);
    const run = claim.runId ? `run ${claim.runId}` : 'an unknown run';
    const how = state === undefined && claim.runId ? 'no longer exists' : state && state !== 'not-asked' ? `is ${state.status} (${state.conclusion ?? 'no conclusion'})` : 'could not be asked about (no token)';
    dead = `claimed ${minutes} min ago (timeout ${context.timeoutMinutes} min) by ${run}, which ${how}`;
  }
  if (claim.task?.environment === 'production') return fail(`${dead}; a production task is never requeued automatically`);
  if (claim.claims >= context.maxClaims) return fail(`${dead}; claimed ${claim.claims} times already`);
  const state = context.runState;
  if (state && state !== 'unknown' && state !== 'not-asked' && state.conclusion === 'cancelled') return fail(`${dead}; a cancelled task is not run again`);
  return { fileName: claim.fileName, action: 'requeue', reason: dead };
}

function isStale(claim: Claim, now: Date, timeoutMinutes: number): boolean {
  return claim.claimedAt !== undefined && now.getTime() - claim.claimedAt.getTime() >= timeoutMinutes * 60_000;
}

async function readClaim(git: Git, head: string, file: string, blob: string): Promise<Claim> {
  const fileName = path.posix.basename(file);
  const added = await git(['log', '--format=%H%x1f%ct%x1f%B%x1e', '--diff-filter=A', head, '--', file], { allowFailure: true });
  const commits = added.stdout
    .split('\x1e')
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => record.split('\x1f'));
  const [latest] = commits;
  const text = await readBlob(git, blob);
  const shownAs = path.posix.join(taskFolder('in-progress'), fileName);
  const parsed = parseFrontMatter(text, shownAs);
  const validated = parsed.ok ? validateTask(parsed.file, shownAs) : undefined;
  const seconds = latest ? Number(latest[1]) : Number.NaN;
  return {
    fileName,
    blob,
    task: validated?.ok ? validated.task : undefined,
    claimedAt: Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined,
    runId: latest ? readTrailer(latest[2] ?? '', RUN_TRAILER) : undefined,
    claims: Math.max(1, commits.length),
  };
}

/**
 * The site a failed result records (see resultSiteOf), from handoff.yml as the head being committed
 * on has it: the sweep reads git objects only.
 */
async function resultSiteAt(git: Git, commit: string): Promise<(task: Task) => string | undefined> {
  const loaded = await configAtCommit(git, commit);
  if (!loaded.ok) return () => undefined;
  return (task) => {
    const chosen = siteNamed(loaded.config, task.site);
    return chosen.ok ? resultSiteOf(loaded.config, chosen.site) : undefined;
  };
}
