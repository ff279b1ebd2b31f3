import { gitInfoFor } from '../../git/git-info.js';
import type { DeployOverrides } from '../../runner/deploy-settings.js';
import { defaultRunDependencies, NotRunnableError, runTask } from '../../runner/run-task.js';
import { summaryLine } from '../../result/render-result.js';
import { UsageError, printJson, repositoryRelative, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';
import { createProgressReporter } from '../progress-reporter.js';
import { describeVerdict, verdictOf } from './verdict.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [taskArgument, ...extra] = parsed.positionals;
  if (!taskArgument || extra.length > 0) throw new UsageError('expected exactly one task file');
  const relative = repositoryRelative(context, taskArgument);
  const commit = await gitInfoFor(context.root).headCommit();
  const progress = createProgressReporter({ interactive: context.interactive, write: context.stderr });
  const outcome = await runTask(context.root, relative, {
    ...defaultRunDependencies,
    now: context.now,
    onLine: (line) => context.stderr(`  │ ${line}\n`),
    onDeployProgress: progress.report,
    deployOverrides: deployOverridesFrom(context.env, parsed.values['dry-run'] === true),
    commit: commit ?? null,
    onStart: (task) => context.stderr(`handoff: running ${task}\n`),
  })
    .catch((error: unknown) => {
      throw error instanceof NotRunnableError ? new UsageError(error.message) : error;
    })
    .finally(progress.finish);
  const verdict = verdictOf(outcome.result);
  if (context.json) {
    printJson(context, {
      ok: verdict.pass,
      task_id: outcome.result.task_id,
      status: outcome.result.status,
      verdict: verdict.pass ? 'pass' : 'fail',
      result_path: outcome.resultPath,
      task_file: outcome.result.task_file,
      summary: summaryLine(outcome.result),
      criteria: verdict.criteria,
      error: outcome.result.error,
      next_step: verdict.nextStep,
    });
  } else {
    context.stdout(`result: ${outcome.resultPath}\n${describeVerdict(outcome.result, verdict)}`);
  }
  return outcome.exitCode;
}

/**
 * Where a deploy goes may be changed by the machine running it (a local S3-compatible server,
 * act, tests), through these variables only; the task file cannot.
 */
function deployOverridesFrom(env: NodeJS.ProcessEnv, dryRun: boolean): DeployOverrides {
  const overrides: DeployOverrides = {};
  if (env.HANDOFF_S3_ENDPOINT) overrides.s3Endpoint = env.HANDOFF_S3_ENDPOINT;
  if (env.HANDOFF_CLOUDFRONT_ENDPOINT) overrides.cloudfrontEndpoint = env.HANDOFF_CLOUDFRONT_ENDPOINT;
  if (env.HANDOFF_SITE_URL) overrides.siteUrl = env.HANDOFF_SITE_URL;
  if (dryRun) overrides.dryRun = true;
  return overrides;
}
