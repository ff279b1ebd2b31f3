import { parseDuration } from '../../client/duration.js';
import { lookUpPreview } from '../../client/preview-lookup.js';
import { printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [branch, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError('expected at most one branch');
  return withAgentErrors(context, async () => {
    const waitMs = parseDuration((parsed.values.wait as string | undefined) ?? '0', '--wait');
    const intervalMs = parseDuration((parsed.values.interval as string | undefined) ?? '10s', '--interval');
    if (intervalMs < 100) throw new UsageError('--interval: expected at least 100ms');
    const answer = await lookUpPreview({ root: context.root, env: context.env, ...(branch ? { branch } : {}), waitMs, intervalMs });
    if (context.json) {
      printJson(context, answer);
    } else {
      const what = answer.kind === 'dev' ? 'dev site' : 'preview';
      const lines = [`${what} of ${answer.branch}: ${answer.url}`, `deployed ${answer.commit.slice(0, 12)} at ${answer.deployed_at}${answer.run_url ? ` (${answer.run_url})` : ''}`];
      if (answer.up_to_date === false) {
        lines.push(`not yet your local ${answer.branch} (${answer.local_commit?.slice(0, 12)}): its deploy is still running or has not been pushed (handoff preview --wait 10m)`);
      }
      context.stdout(`${lines.join('\n')}\n`);
    }
    return 0;
  });
}
