import { createInterface } from 'node:readline/promises';
import { submitTask } from '../../client/submit-task.js';
import { loadConfig } from '../../config/load-config.js';
import { existingRepositoryPath, printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [taskArgument, ...extra] = parsed.positionals;
  if (!taskArgument || extra.length > 0) throw new UsageError('expected exactly one task file');
  const file = await existingRepositoryPath(context, taskArgument, 'no such task file');
  const confirm = typeof parsed.values.confirm === 'string' ? parsed.values.confirm : undefined;
  return withAgentErrors(context, async () => {
    const outcome = await submitTask({
      root: context.root,
      file,
      config: await loadConfig(context.root),
      ...(confirm !== undefined ? { confirm } : {}),
      // Only a person at a terminal can type the confirmation; an agent without one must pass --confirm.
      ...(process.stdin.isTTY && context.interactive ? { ask: askOnTerminal } : {}),
      push: parsed.values['no-push'] !== true,
      env: context.env,
      includeSite: parsed.values['include-site'] === true,
    });
    if (outcome.warning && confirm !== undefined) context.stderr(`${outcome.warning} ${confirm}\n`);
    if (context.json) {
      printJson(context, {
        ok: true,
        id: outcome.id,
        path: outcome.path,
        commit: outcome.commit,
        pushed: outcome.pushed,
        remote: outcome.remote,
        note: outcome.note,
        site_changes: outcome.site_changes,
        site_changes_included: outcome.site_changes_included,
      });
    } else {
      context.stderr(`handoff: committed ${outcome.path} as ${outcome.commit.slice(0, 12)}${outcome.pushed ? `, pushed to ${outcome.remote}` : ''}\n`);
      if (outcome.note) context.stderr(`handoff: ${outcome.note}\n`);
      context.stdout(`${outcome.id}\n`);
    }
    return 0;
  });
}

/** Shows the production warning on the terminal and reads the line the person types. */
export async function askOnTerminal(warning: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(`${warning} `);
  } finally {
    terminal.close();
  }
}
