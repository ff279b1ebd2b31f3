import { summaryLine } from '../result/render-result.js';
import { verdictOf } from '../result/verdict.js';
import type { TaskRunOutcome } from '../worker/run-task.js';

/** What `handoff run --json` prints and the MCP run_task tool answers: the result judged, in one shape. */
export function runAnswer(outcome: TaskRunOutcome) {
  const verdict = verdictOf(outcome.result);
  return {
    ok: verdict.pass,
    task_id: outcome.result.task_id,
    status: outcome.result.status,
    verdict: verdict.pass ? 'pass' : 'fail',
    result_path: outcome.resultPath,
    task_file: outcome.result.task_file,
    summary: summaryLine(outcome.result),
    criteria: verdict.criteria,
    error: outcome.result.error,
    next_step: verdict.nextStep,
  };
}
