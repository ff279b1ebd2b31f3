import { parseDuration } from '../../client/duration.js';
import { watchTasks } from '../../worker/watch-tasks.js';
import { gitInfoFor } from '../../git/git-info.js';
import { workTreeDirtiness } from '../../hugo/site-changes.js';
import { resolveHandoffSettings } from '../../settings/handoff-settings.js';
import { defaultRunDependencies } from '../../worker/run-task.js';
import { printJson, type CliContext, type ParsedCommand } from '../cli-context.js';
import { createProgressReporter } from '../progress-reporter.js';
import { signalExitCode } from '../process-streams.js';
import { withAgentErrors } from './agent-error-report.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  return withAgentErrors(context, async () => {
    const intervalMs = parseDuration((parsed.values.interval as string | undefined) ?? '5s', '--interval');
    const once = parsed.values.once === true;
    // A stop request is honoured between tasks: the running one finishes (result written, file
    // moved), so Ctrl-C never leaves a task half-moved; a second Ctrl-C exits at once (see main).
    const onStop = (): void => context.stderr(`handoff: ${String(context.stopSignal.reason)}: stopping after the current task (if any) finishes; Ctrl-C again stops now\n`);
    context.stopSignal.addEventListener('abort', onStop, { once: true });
    const progress = createProgressReporter({ interactive: context.interactive, write: context.stderr });
    if (!once) context.stderr(`handoff: watching tasks/pending/ in ${context.root} (every ${intervalMs / 1000} s); Ctrl-C stops\n`);
    try {
      const settings = await resolveHandoffSettings(context.root, context.env);
      const runs = await watchTasks({
        root: context.root,
        readConfig: async () => (await resolveHandoffSettings(context.root, context.env)).config,
        once,
        intervalMs,
        push: parsed.values.push === true,
        env: context.env,
        signal: context.stopSignal,
        onEvent: (line) => context.stderr(`${line}\n`),
        deps: {
          ...defaultRunDependencies,
          now: context.now,
          onLine: (line) => context.stderr(`  │ ${line}\n`),
          siteCodeEnv: settings.siteCodeEnv,
          redactor: settings.redactor,
          onDeployProgress: progress.report,
          deployOverrides: settings.deployOverrides,
          commit: (await gitInfoFor(context.root).headCommit()) ?? null,
          isSourceDirty: workTreeDirtiness(gitInfoFor(context.root)),
          onStart: (task) => {
            context.noteOnInterrupt(`${task} stays there: handoff run ${task} resumes it`);
            context.stderr(`handoff: running ${task}\n`);
          },
        },
      });
      const failed = runs.filter((run) => run.exit_code !== 0).length;
      const stoppedBy = context.stopSignal.aborted ? (context.stopSignal.reason as 'SIGINT' | 'SIGTERM') : undefined;
      if (context.json) printJson(context, { ok: failed === 0, stopped_by_signal: stoppedBy !== undefined, runs });
      else context.stdout(`ran ${runs.length} task${runs.length === 1 ? '' : 's'}: ${runs.length - failed} passed, ${failed} failed\n`);
      if (stoppedBy) return signalExitCode(stoppedBy);
      return failed === 0 ? 0 : 1;
    } finally {
      progress.finish();
      context.stopSignal.removeEventListener('abort', onStop);
    }
  });
}
