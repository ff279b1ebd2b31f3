import { cancelTask } from '../../client/cancel-task.js';
import { printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

/** `handoff cancel <task-id> [--reason "…"]`: a pending task moved to tasks/failed/ with a result saying it was cancelled. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [id, ...extra] = parsed.positionals;
  if (!id || extra.length > 0) throw new UsageError('expected exactly one task id');
  const reason = typeof parsed.values.reason === 'string' ? parsed.values.reason : undefined;
  return withAgentErrors(context, async () => {
    const outcome = await cancelTask({ root: context.root, id, ...(reason !== undefined ? { reason } : {}), now: context.now() });
    if (context.json) printJson(context, outcome);
    else {
      context.stderr(`handoff: cancelled ${outcome.task_id}: ${outcome.task_file}, result ${outcome.result_path}\nhandoff: ${outcome.note}\n`);
      context.stdout(`${outcome.result_path}\n`);
    }
    return 0;
  });
}
