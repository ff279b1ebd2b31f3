import type { TaskResult } from '../result/task-result.js';
import { verdictOf } from './verdict.js';

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
    // What a content edit changed, so the agent checks the diff without opening the result file.
    ...(result.type === 'content-edit' ? { content_edit: pick(result.outputs, CONTENT_EDIT_FIELDS) } : {}),
  };
}

const CONTENT_EDIT_FIELDS = ['dry_run', 'written', 'files_matched', 'files_changed', 'replacements', 'refs_updated', 'changes', 'diff', 'errors'] as const;

function pick(outputs: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => Object.hasOwn(outputs, field)).map((field) => [field, outputs[field]]));
}

/** A result judged afresh, as verify, wait and the MCP tools answer it. */
export type ResultReport = ReturnType<typeof resultReport>;
