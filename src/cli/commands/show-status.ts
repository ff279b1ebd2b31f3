import { filesIn, taskStatus } from '../../client/task-status.js';
import { loadConfig } from '../../config/load-config.js';
import { TASK_STATES } from '../../lifecycle/task-folders.js';
import { printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

/** `handoff status [--limit N] [--site name]`: the task folders and the newest results. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const limitText = (parsed.values.limit as string | undefined) ?? '10';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000) throw new UsageError(`--limit: expected a whole number from 0 to 1000; found "${limitText}"`);
  const site = parsed.values.site as string | undefined;
  return withAgentErrors(context, async () => {
    const status = await taskStatus({ root: context.root, limit, ...(site !== undefined ? { site } : {}), config: await loadConfig(context.root) });
    if (context.json) {
      printJson(context, status);
      return 0;
    }
    for (const state of TASK_STATES) {
      const files = filesIn(status, state);
      context.stdout(`${state} (${files.length})\n`);
      const shown = state === 'completed' || state === 'failed' ? files.slice(-5) : files;
      for (const file of shown) context.stdout(`  ${file}\n`);
      if (shown.length < files.length) context.stdout(`  … and ${files.length - shown.length} more\n`);
    }
    context.stdout(`recent results (${status.recent_results.length})\n`);
    for (const result of status.recent_results) {
      const error = result.error_category ? `  ${result.error_category}` : '';
      context.stdout(`  ${result.status === 'success' ? '✅' : '❌'} ${result.finished_at}  ${result.path}${error}\n`);
    }
    return 0;
  });
}
