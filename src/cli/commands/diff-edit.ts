import { diffContentEdit } from '../../client/content-edit-task.js';
import { existingRepositoryPath, printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

/** `handoff diff <task-file>`: a content-edit task's diff, nothing written, the task left where it is. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [target, ...extra] = parsed.positionals;
  if (!target || extra.length > 0) throw new UsageError('expected exactly one task file');
  const file = await existingRepositoryPath(context, target, 'no such task file');
  return withAgentErrors(context, async () => {
    const streamDiff = context.json ? undefined : (line: string) => context.stdout(`${line}\n`);
    const diff = await diffContentEdit(context.root, file, streamDiff);
    if (context.json) printJson(context, diff);
    else {
      for (const error of diff.errors as string[]) context.stderr(`error: ${error}\n`);
      context.stderr(`${String(diff.summary)}\n`);
    }
    return diff.ok ? 0 : 1;
  });
}
