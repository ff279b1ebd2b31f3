import path from 'node:path';
import { resultReport } from '../../result/result-report.js';
import { findResultPath } from '../../result/find-results.js';
import { readResultFile } from '../../result/read-result.js';
import { printJson, printProblems, repositoryRelative, UsageError, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';
import { describeVerdict, verdictOf } from '../../result/verdict.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [target, ...extra] = parsed.positionals;
  if (!target || extra.length > 0) throw new UsageError('expected one task id or result file');
  const relative = target.endsWith('.md') ? repositoryRelative(context, target) : await findResultPath(context.root, target);
  if (!relative) {
    const message = `no result for task ${target} under results/ yet (is it still pending or running? see handoff status)`;
    if (context.json) printJson(context, { ok: false, error: { code: 'not-found', message } });
    else context.stderr(`handoff: ${message}\n`);
    return 2;
  }
  const read = await readResultFile(path.join(context.root, relative), relative);
  if (!read.ok) {
    if (context.json) printJson(context, { ok: false, problems: read.problems });
    else printProblems(context, read.problems);
    return 2;
  }
  const result = read.result;
  const verdict = verdictOf(result);
  if (context.json) {
    printJson(context, resultReport(result, relative));
  } else {
    context.stdout(`result: ${relative}\n${describeVerdict(result, verdict)}`);
  }
  return verdict.pass ? 0 : 1;
}
