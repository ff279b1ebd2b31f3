import { validateTasks } from '../../client/validate-tasks.js';
import { loadConfig } from '../../config/load-config.js';
import { existingRepositoryPath, printJson, printProblems, type CliContext, type ParsedCommand } from '../cli-context.js';

/** `handoff validate [paths…]`: every problem of the task files (default tasks/pending/). */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const targets: string[] = [];
  for (const target of parsed.positionals) targets.push(await existingRepositoryPath(context, target));
  // Tasks are checked against handoff.yml's sites; a handoff.yml that does not load fails the check too.
  const report = await validateTasks({ root: context.root, targets, config: await loadConfig(context.root) });
  if (context.json) {
    printJson(context, report);
  } else {
    if (report.config_problems) printProblems(context, report.config_problems);
    for (const verdict of report.files) {
      if (verdict.ok) context.stdout(`ok: ${verdict.file} (${verdict.type}, ${verdict.environment})\n`);
      else printProblems(context, verdict.problems);
    }
    const bad = report.files.filter((verdict) => !verdict.ok).length;
    context.stdout(report.files.length === 0 ? 'no task files to validate\n' : `${report.files.length - bad} valid, ${bad} invalid\n`);
  }
  return report.ok ? 0 : 1;
}
