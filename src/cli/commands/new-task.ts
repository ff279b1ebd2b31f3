import { createTask } from '../../client/new-task.js';
import { loadConfig } from '../../config/load-config.js';
import type { Problem } from '../../validation/problem.js';
import { printJson, printProblems, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

/** `handoff new <template>`: the arguments read, the task written by createTask, its path printed. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [template, ...extra] = parsed.positionals;
  if (!template || extra.length > 0) throw new UsageError('expected exactly one template name');
  const set = ((parsed.values.set as string[] | undefined) ?? []).map((pair): [string, string] => {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new UsageError(`--set: expected key=value; found "${pair}"`);
    return [pair.slice(0, separator), pair.slice(separator + 1)];
  });
  const text = (name: string): string | undefined => (typeof parsed.values[name] === 'string' ? (parsed.values[name] as string) : undefined);
  return withAgentErrors(context, async () => {
    const environment = text('env');
    const site = text('site');
    const description = text('description');
    const brief = text('brief');
    const outcome = await createTask({
      root: context.root,
      cwd: context.cwd,
      template,
      ...(environment !== undefined ? { environment } : {}),
      ...(site !== undefined ? { site } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(brief !== undefined ? { brief } : {}),
      set,
      config: await loadConfig(context.root),
      now: context.now(),
    });
    if (!outcome.ok) return reportProblems(context, outcome.problems);
    if (context.json) printJson(context, outcome);
    else context.stdout(`${outcome.path}\n`);
    return 0;
  });
}

function reportProblems(context: CliContext, problems: readonly Problem[]): number {
  if (context.json) printJson(context, { ok: false, problems });
  else printProblems(context, problems);
  return 1;
}
