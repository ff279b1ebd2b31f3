import { gitInfoFor } from '../../git/git-info.js';
import { buildHugoSite } from '../../hugo/build.js';
import { NotRunnableError, runTask } from '../../runner/run-task.js';
import { summaryLine } from '../../result/render-result.js';
import { UsageError, printJson, repositoryRelative, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';
import { describeVerdict, verdictOf } from './verdict.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [taskArgument, ...extra] = parsed.positionals;
  if (!taskArgument || extra.length > 0) throw new UsageError('expected exactly one task file');
  const relative = repositoryRelative(context, taskArgument);
  const commit = await gitInfoFor(context.root).headCommit();
  const outcome = await runTask(context.root, relative, {
    now: context.now,
    buildSite: buildHugoSite,
    onLine: (line) => context.stderr(`  │ ${line}\n`),
    commit: commit ?? null,
    onStart: (task) => context.stderr(`handoff: running ${task}\n`),
  }).catch((error: unknown) => {
    throw error instanceof NotRunnableError ? new UsageError(error.message) : error;
  });
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
