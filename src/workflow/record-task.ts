import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { LoadedConfig } from '../config/load-config.js';
import { resultSiteOf, siteNamed } from '../config/sites.js';
import { RUN_TRAILER } from './commit-message.js';
import type { Git } from '../git/git-runner.js';
import { DEFAULT_RETRY, type RemoteBranch, type RetryPolicy } from '../git/push-with-retry.js';
import { recordResults, type RecordOutcome, type TaskRecord } from './record-results.js';
import { TASK_STATES, taskFolder } from '../lifecycle/task-folders.js';
import { findResultPath } from '../result/find-results.js';
import { readResultFile } from '../result/read-result.js';
import { parseFrontMatter } from '../task/front-matter.js';
import { validateTask, type Task } from '../task/validate-task.js';
import { formatProblem } from '../validation/problem.js';
import { conflictResult, contentChangesOf } from './content-changes.js';
import { classified, refusedResult, refusedToCommit } from './refused-result.js';
import { idFromFileName } from '../task/task-id.js';

export interface RecordInput {
  repoRoot: string;
  /** handoff.yml of the checkout, read by the action's edge: the site a died run's result records. */
  config: LoadedConfig;
  /** Result files the run step wrote, relative to repoRoot. */
  resultPaths: readonly string[];
  /**
   * The task the run job was given (tasks/in-progress/<id>.md). When no result names it, the run
   * died before writing one, and record writes a failed result saying so: a task never stays
   * claimed without an answer because its job broke.
   */
  taskFile: string | undefined;
  /** How the run step ended (success, failure, cancelled, skipped), for that failed result. */
  runOutcome: string;
  target: RemoteBranch;
  runId: string;
  runUrl: string | null;
}

export interface RecordDeps {
  git: Git;
  now: Clock;
  retry?: RetryPolicy;
}

export interface RecordReport extends RecordOutcome {
  /** Tasks recorded without a result of their own (their run died). */
  synthesized: string[];
}

/** Records what the run step left in the checkout: one commit, pushed with fetch-derive-retry. */
export async function recordTask(input: RecordInput, deps: RecordDeps): Promise<RecordReport> {
  const records: TaskRecord[] = [];
  const resultPaths = [...input.resultPaths];
  const claimed = input.taskFile ? path.posix.basename(input.taskFile) : undefined;
  if (claimed && resultPaths.length === 0) {
    // The run step may have written the result and then died before setting its outputs.
    const written = await findResultPath(input.repoRoot, idFromFileName(claimed));
    if (written && !(await isCommitted(deps.git, written))) resultPaths.push(written);
  }
  for (const resultPath of resultPaths) {
    const read = await readResultFile(path.join(input.repoRoot, resultPath), resultPath);
    if (!read.ok) throw new Error(`cannot record ${resultPath}: ${read.problems.map(formatProblem).join('; ')}`);
    const result = read.result;
    const fileName = path.posix.basename(result.task_file || `${result.task_id}.md`);
    const text = await readFile(path.join(input.repoRoot, resultPath), 'utf8');
    const contentChanges = await contentChangesOf(deps.git, input.repoRoot, result);
    records.push({
      fileName,
      result: { result, text, updateLatest: result.type !== 'unknown' && result.environment !== 'unknown' },
      ...(await taskTextIn(input.repoRoot, fileName)),
      ...(contentChanges.length ? { contentChanges, onContentConflict: (paths: readonly string[]) => conflictResult(result, paths, input.target.branch) } : {}),
    });
  }
  const synthesized: string[] = [];
  if (claimed && !records.some((record) => record.fileName === claimed)) {
    records.push(await diedRecord(input, claimed, deps.now()));
    synthesized.push(claimed);
  }
  if (records.length === 0) return { commit: undefined, recorded: [], attempts: 0, synthesized };
  const outcome = await recordResults(
    deps.git,
    input.target,
    records,
    { [RUN_TRAILER]: input.runId, 'Handoff-Run-Url': input.runUrl ?? '' },
    deps.retry ?? DEFAULT_RETRY,
  );
  return { ...outcome, synthesized };
}

/** A result already in the checkout's HEAD is an old one, not this run's. */
async function isCommitted(git: Git, file: string): Promise<boolean> {
  return (await git(['ls-files', '--error-unmatch', '--', file], { allowFailure: true })).exitCode === 0;
}

/** The task file's text from wherever the run left it, kept in case the head has lost it. */
async function taskTextIn(repoRoot: string, fileName: string): Promise<{ taskText?: string }> {
  for (const state of [...TASK_STATES].reverse()) {
    try {
      return { taskText: await readFile(path.join(repoRoot, taskFolder(state), fileName), 'utf8') };
    } catch {
      // not in this state
    }
  }
  return {};
}

async function diedRecord(input: RecordInput, fileName: string, now: Date): Promise<TaskRecord> {
  const { taskText } = await taskTextIn(input.repoRoot, fileName);
  let task: Task | undefined;
  if (taskText !== undefined) {
    const parsed = parseFrontMatter(taskText, path.posix.join(taskFolder('in-progress'), fileName));
    if (parsed.ok) {
      const validated = validateTask(parsed.file, path.posix.join(taskFolder('in-progress'), fileName));
      if (validated.ok) task = validated.task;
    }
  }
  const config = task ? input.config : undefined;
  const chosen = config?.ok ? siteNamed(config.config, task?.site) : undefined;
  const site = config?.ok && chosen?.ok ? resultSiteOf(config.config, chosen.site) : undefined;
  const how = input.runOutcome === 'cancelled' ? 'was cancelled' : input.runOutcome === 'skipped' ? 'was skipped' : `ended (${input.runOutcome || 'unknown outcome'})`;
  const message = `the run step ${how} without writing a result; the task may have been partly done (a deploy may have uploaded some files)`;
  const result = refusedResult({
    fileName,
    ...(task ? { task } : {}),
    ...(site ? { site } : {}),
    error: classified(
      'unknown',
      message,
      `Escalate: show the user the run log${input.runUrl ? ` (${input.runUrl})` : ''}; if the task should still run, submit it again as a new task file.`,
    ),
    finishedAt: now,
    runUrl: input.runUrl,
    commit: null,
  });
  return { fileName, result: refusedToCommit(result, message), ...(taskText !== undefined ? { taskText } : {}) };
}
