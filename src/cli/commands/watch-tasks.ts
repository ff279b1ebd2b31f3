import { parseDuration } from '../../agent/duration.js';
import { watchTasks } from '../../worker/watch-tasks.js';
import { gitInfoFor } from '../../git/git-info.js';
import type { DeployOverrides } from '../../worker/deploy-settings.js';
import { defaultRunDependencies } from '../../worker/run-task.js';
import { printJson, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';
import { createProgressReporter } from '../progress-reporter.js';
import { withAgentErrors } from './agent-error-report.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  return withAgentErrors(context, async () => {
    const intervalMs = parseDuration((parsed.values.interval as string | undefined) ?? '5s', '--interval');
    const once = parsed.values.once === true;
    const stop = new AbortController();
    // A stop request is honoured between tasks: the running one finishes (result written, file
    // moved), so Ctrl-C never leaves a task half-moved.
    const onSignal = (signal: NodeJS.Signals): void => {
      if (!stop.signal.aborted) context.stderr(`handoff: ${signal}: stopping after the current task (if any) finishes\n`);
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const progress = createProgressReporter({ interactive: context.interactive, write: context.stderr });
    if (!once) context.stderr(`handoff: watching tasks/pending/ in ${context.root} (every ${intervalMs / 1000} s); Ctrl-C stops\n`);
    try {
      const runs = await watchTasks({
        root: context.root,
        once,
        intervalMs,
        push: parsed.values.push === true,
        env: context.env,
        signal: stop.signal,
        onEvent: (line) => context.stderr(`${line}\n`),
        deps: {
          ...defaultRunDependencies,
          now: context.now,
          onLine: (line) => context.stderr(`  │ ${line}\n`),
          onDeployProgress: progress.report,
          deployOverrides: deployOverridesFrom(context.env),
          commit: (await gitInfoFor(context.root).headCommit()) ?? null,
          onStart: (task) => context.stderr(`handoff: running ${task}\n`),
        },
      });
      const failed = runs.filter((run) => run.exit_code !== 0).length;
      if (context.json) printJson(context, { ok: failed === 0, stopped_by_signal: stop.signal.aborted, runs });
      else context.stdout(`ran ${runs.length} task${runs.length === 1 ? '' : 's'}: ${runs.length - failed} passed, ${failed} failed\n`);
      return failed === 0 ? 0 : 1;
    } finally {
      progress.finish();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

/** The same machine-level deploy overrides as `handoff run` (never from a task file). */
function deployOverridesFrom(env: NodeJS.ProcessEnv): DeployOverrides {
  const overrides: DeployOverrides = {};
  if (env.HANDOFF_S3_ENDPOINT) overrides.s3Endpoint = env.HANDOFF_S3_ENDPOINT;
  if (env.HANDOFF_CLOUDFRONT_ENDPOINT) overrides.cloudfrontEndpoint = env.HANDOFF_CLOUDFRONT_ENDPOINT;
  if (env.HANDOFF_SITE_URL) overrides.siteUrl = env.HANDOFF_SITE_URL;
  return overrides;
}
