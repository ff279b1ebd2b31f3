import { verifyResult } from '../../client/verify-result.js';
import { describeVerdict, verdictOf } from '../../result/verdict.js';
import { existingRepositoryPath, printJson, printProblems, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';

/** `handoff verify <task-id | result-file>`: the result judged afresh, and what to do next. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [target, ...extra] = parsed.positionals;
  if (!target || extra.length > 0) throw new UsageError('expected one task id or result file');
  const resultPath = target.endsWith('.md') ? await existingRepositoryPath(context, target, 'no such result file') : undefined;
  const verification = await verifyResult({ root: context.root, target: resultPath !== undefined ? { resultPath } : { id: target } });
  if (verification.kind === 'not-found') {
    if (context.json) printJson(context, { ok: false, error: { code: 'not-found', message: verification.message } });
    else context.stderr(`handoff: ${verification.message}\n`);
    return 2;
  }
  if (verification.kind === 'unreadable') {
    if (context.json) printJson(context, { ok: false, problems: verification.problems });
    else printProblems(context, verification.problems);
    return 2;
  }
  if (context.json) printJson(context, verification.report);
  else context.stdout(`result: ${verification.resultPath}\n${describeVerdict(verification.result, verdictOf(verification.result))}`);
  return verification.report.ok ? 0 : 1;
}
