import { initRepository } from '../../agent/init-repo.js';
import { packageRoot } from '../../package-root.js';
import { printJson, UsageError, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';
import { withAgentErrors } from './agent-error-report.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  return withAgentErrors(context, async () => {
    const actions = parsed.values.actions;
    if (actions !== undefined && (typeof actions !== 'string' || !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+(@[A-Za-z0-9._/-]+)?$/.test(actions))) {
      throw new UsageError(`--actions: expected owner/repo or owner/repo@ref; found "${String(actions)}"`);
    }
    const outcome = await initRepository({
      root: context.root,
      force: parsed.values.force === true,
      packageRoot: packageRoot(),
      ...(typeof actions === 'string' ? { actionsRepository: actions } : {}),
    });
    if (context.json) {
      printJson(context, outcome);
      return 0;
    }
    context.stdout(`Hugo site: ${outcome.site_path} (site_path in handoff.yml)\n`);
    for (const file of outcome.files) context.stdout(`${file.action.padEnd(11)} ${file.path}${file.note ? `  (${file.note})` : ''}\n`);
    context.stdout('next: fill in handoff.yml (buckets, distribution ids, roles), commit, and tell your agent about docs/agent-guide.md\n');
    return 0;
  });
}
