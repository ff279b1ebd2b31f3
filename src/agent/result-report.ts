import type { TaskResult } from '../result/task-result.js';
import { verdictOf } from '../cli/commands/verdict.js';

/**
 * A result judged afresh, in the shape `handoff verify --json` prints, so the agent reads one
 * shape from verify, wait and the MCP tools alike.
 */
export function resultReport(result: TaskResult, resultPath: string) {
  const verdict = verdictOf(result);
  return {
    ok: verdict.pass,
    task_id: result.task_id,
    type: result.type,
    environment: result.environment,
    ...(result.site ? { site: result.site } : {}),
    status: result.status,
    verdict: verdict.pass ? ('pass' as const) : ('fail' as const),
    result_path: resultPath,
    criteria: verdict.criteria,
    missing_outputs: verdict.missingOutputs,
    error: result.error,
    next_step: verdict.nextStep,
  };
}
