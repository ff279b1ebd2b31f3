import { parseDuration } from '../../client/duration.js';
import { lookUpPreview } from '../../client/preview-lookup.js';
import { printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [branch, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError('expected at most one branch');
  const pr = parsed.values.pr as string | undefined;
  if (pr !== undefined && branch !== undefined) throw new UsageError('name a branch or --pr <number>, not both');
  if (pr !== undefined && !/^[1-9]\d{0,9}$/.test(pr)) throw new UsageError(`--pr: expected a pull request number such as 42, found '${pr}'`);
  return withAgentErrors(context, async () => {
    const waitMs = parseDuration((parsed.values.wait as string | undefined) ?? '0', '--wait');
    const intervalMs = parseDuration((parsed.values.interval as string | undefined) ?? '10s', '--interval');
    if (intervalMs < 100) throw new UsageError('--interval: expected at least 100ms');
    const answer = await lookUpPreview({ root: context.root, env: context.env, ...(branch ? { branch } : {}), ...(pr ? { pullRequest: Number(pr) } : {}), waitMs, intervalMs });
    if (context.json) {
      printJson(context, answer);
    } else {
      const what = answer.kind === 'dev' ? 'dev site' : 'preview';
      const lines: string[] = [];
      // One site per line pair, the one-site form's as before; sites: names each site.
      for (const site of answer.sites) {
        lines.push(
          `${what} of ${answer.branch}${site.site ? `, site ${site.site}` : ''}${answer.pull_request ? ` (pull request #${answer.pull_request})` : ''}: ${site.url}`,
          `deployed ${site.commit.slice(0, 12)} at ${site.deployed_at}${site.file_count !== null ? `, ${site.file_count} files` : ''}${site.run_url ? ` (${site.run_url})` : ''}`,
        );
      }
      if (answer.up_to_date === false) {
        lines.push(`not yet your local ${answer.branch} (${answer.local_commit?.slice(0, 12)}): its deploy is still running or has not been pushed (handoff preview --wait 10m)`);
      }
      context.stdout(`${lines.join('\n')}\n`);
    }
    return 0;
  });
}
