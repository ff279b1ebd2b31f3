import { parseDuration } from '../../client/duration.js';
import { resultReport } from '../../result/result-report.js';
import { timeoutMessage, waitForResult } from '../../client/wait-for-result.js';
import { printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';
import { describeVerdict, verdictOf } from '../../result/verdict.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [id, ...extra] = parsed.positionals;
  if (!id || extra.length > 0) throw new UsageError('expected exactly one task id');
  return withAgentErrors(context, async () => {
    const timeoutMs = parseDuration((parsed.values.timeout as string | undefined) ?? '30m', '--timeout');
    const maxIntervalMs = parseDuration((parsed.values.interval as string | undefined) ?? '15s', '--interval');
    if (maxIntervalMs < 100) throw new UsageError('--interval: expected at least 100ms');
    const outcome = await waitForResult({ root: context.root, id, timeoutMs, maxIntervalMs, env: context.env, onProgress: (line) => context.stderr(`${line}\n`) });
    if (!outcome.found) {
      const message = timeoutMessage(id, outcome);
      if (context.json) printJson(context, { ok: false, task_id: id, state: outcome.state, waited_seconds: outcome.waitedSeconds, error: { code: 'timeout', message } });
      else context.stderr(`handoff: ${message}\n`);
      return 2;
    }
    const report = resultReport(outcome.result, outcome.resultPath);
    if (context.json) printJson(context, { ...report, source: outcome.source, waited_seconds: outcome.waitedSeconds });
    else context.stdout(`result: ${outcome.resultPath}${outcome.source === 'remote' ? ' (on the remote; git pull to get it)' : ''}\n${describeVerdict(outcome.result, verdictOf(outcome.result))}`);
    return report.ok ? 0 : 1;
  });
}
