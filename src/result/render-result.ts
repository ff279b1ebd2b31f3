import { stringify } from 'yaml';
import type { TaskResult } from './task-result.js';

export const LOG_TAIL_LINES = 40;

/**
 * Renders a result file: YAML front matter for the agent, then a body for people (summary line,
 * criteria with actual values, the error and its next step, the tail of the log).
 */
export function renderResult(result: TaskResult, log: string): string {
  const front = stringify(result, { lineWidth: 0, nullStr: 'null', aliasDuplicateObjects: false });
  const lines: string[] = [];
  const mark = result.status === 'success' ? '✅' : '❌';
  lines.push(`# ${mark} ${result.type} ${result.environment}: ${result.status}`, '');
  lines.push(`Task \`${result.task_id}\`: ${summaryLine(result)}.`, '');

  if (result.outputs.dry_run === true) {
    lines.push('Dry run: nothing was uploaded, deleted or invalidated; the success criteria are left for the real run.', '');
  }
  if (result.criteria.length > 0) {
    lines.push('## Success criteria', '', '| criterion | actual | result |', '| --- | --- | --- |');
    for (const criterion of result.criteria) {
      const actual = Object.entries(criterion.actual)
        .map(([name, value]) => `${name} = ${shortJson(value)}`)
        .join(', ');
      const verdict = criterion.pass ? 'pass' : `**fail**: ${criterion.reason ?? ''}`;
      lines.push(`| \`${escapeCell(criterion.expression)}\` | ${escapeCell(actual)} | ${escapeCell(verdict)} |`);
    }
    lines.push('');
  }
  if (result.missing_outputs.length > 0) {
    lines.push(`Missing expected outputs: ${result.missing_outputs.join(', ')}.`, '');
  }
  if (result.error) {
    const error = result.error;
    const where = error.file ? ` in \`${[error.file, error.line, error.column].filter((part) => part !== undefined).join(':')}\`` : '';
    lines.push('## Error', '', `**${error.category}** (${error.action})${where}: ${error.message}`, '', `Next step: ${error.next_step}`, '');
  }
  const tail = log.split('\n').filter((line, index, all) => line !== '' || index < all.length - 1).slice(-LOG_TAIL_LINES);
  if (tail.length > 0 && tail.some((line) => line.trim() !== '')) {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(tail.join('\n')) + 1));
    lines.push(`## Log (last ${tail.length} lines)`, '', `${fence}text`, ...tail, fence, '');
  }
  return `---\n${front}---\n\n${lines.join('\n')}`;
}

/** One line saying what happened, e.g. `built 142 files in 0.84 s (0 errors, 0 warnings)`. */
export function summaryLine(result: TaskResult): string {
  const outputs = result.outputs;
  if (typeof outputs.summary === 'string') return outputs.summary;
  if (result.type === 'hugo-build' && typeof outputs.build_success === 'boolean') {
    const errors = Array.isArray(outputs.errors) ? outputs.errors.length : 0;
    const warnings = Array.isArray(outputs.warnings) ? outputs.warnings.length : 0;
    const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    return outputs.build_success
      ? `built ${String(outputs.file_count)} files in ${String(outputs.duration_seconds)} s (${counts})`
      : `build failed (${counts})`;
  }
  if (result.error) return `${result.error.category}: ${result.error.message}`;
  return result.status === 'success' ? 'done' : 'failed';
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}
