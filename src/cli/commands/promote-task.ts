import { submitRedeploy } from '../../client/redeploy-task.js';
import type { CliContext, ParsedCommand } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { reportRedeploy } from './rollback-task.js';

/** `handoff promote <staging-task-id>`: a production deploy of exactly what that staging deploy built. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [stagingTaskId, ...extra] = parsed.positionals;
  if (!stagingTaskId || extra.length > 0) throw new UsageError('expected exactly one staging task id');
  const changes = typeof parsed.values.changes === 'string' ? parsed.values.changes : undefined;
  return reportRedeploy(parsed, context, (options) =>
    submitRedeploy({ ...options, request: { kind: 'promote', stagingTaskId, ...(changes ? { changesSummary: changes } : {}) } }),
  );
}
