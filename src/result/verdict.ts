import { evaluateCriteria, type CriterionResult } from '../criteria/index.js';
import { summaryLine } from './render-result.js';
import type { TaskResult } from './task-result.js';

export interface Verdict {
  pass: boolean;
  criteria: CriterionResult[];
  missingOutputs: string[];
  nextStep: string;
}

/**
 * Judges a result afresh: its criteria are evaluated again against its outputs (the recorded
 * pass/fail is not trusted), its expected outputs are checked, and its status must be success.
 */
export function verdictOf(result: TaskResult): Verdict {
  const criteria = evaluateCriteria(
    result.criteria.map((criterion) => criterion.expression),
    result.outputs ?? {},
  );
  const missingOutputs = result.expected_outputs.filter((name) => !Object.hasOwn(result.outputs ?? {}, name));
  const pass = result.status === 'success' && missingOutputs.length === 0 && criteria.every((criterion) => criterion.pass);
  const nextStep = pass
    ? 'Proceed with the next step of the workflow and tell the user what was done.'
    : (result.error?.next_step ?? 'Escalate: the result does not meet its success criteria; tell the user which and ask how to proceed.');
  return { pass, criteria, missingOutputs, nextStep };
}

/** The human form of a verdict: status, summary, each criterion, the error and the next step. */
export function describeVerdict(result: TaskResult, verdict: Verdict): string {
  const lines = [
    `${verdict.pass ? '✅ pass' : '❌ fail'}: ${result.task_id} (${result.type}, ${result.environment}) ${result.status}: ${summaryLine(result)}`,
  ];
  for (const criterion of verdict.criteria) {
    const actual = Object.entries(criterion.actual)
      .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
      .join(', ');
    lines.push(`  ${criterion.pass ? '✓' : '✗'} ${criterion.expression}${actual ? `  (${actual.length > 100 ? `${actual.slice(0, 99)}…` : actual})` : ''}${criterion.pass ? '' : `: ${criterion.reason ?? ''}`}`);
  }
  if (verdict.missingOutputs.length > 0) lines.push(`  ✗ missing outputs: ${verdict.missingOutputs.join(', ')}`);
  const error = result.error;
  if (error) {
    const where = error.file ? ` at ${[error.file, error.line, error.column].filter((part) => part !== undefined).join(':')}` : '';
    lines.push(`error: ${error.category} (${error.action})${where}: ${error.message}`);
  }
  lines.push(`next: ${verdict.nextStep}`);
  return `${lines.join('\n')}\n`;
}
