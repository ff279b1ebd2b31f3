import { initRepository } from '../../client/init-repo.js';
import { askHugoVersion } from '../../hugo/build.js';
import { runProgram } from '../../process/run-program.js';
import { packageRoot } from '../../package-root.js';
import { printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
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
      // The hugo this machine builds with: pinned when it meets what the site needs.
      localHugoVersion: await askHugoVersion(runProgram, 'hugo', context.env),
      ...(typeof actions === 'string' ? { actionsRepository: actions } : {}),
    });
    if (context.json) {
      printJson(context, outcome);
      return 0;
    }
    context.stdout(`Hugo site: ${outcome.site_path} (site_path in handoff.yml)\n`);
    context.stdout(`Hugo ${outcome.hugo_version.version}: ${outcome.hugo_version.reason} (hugo_version in handoff.yml)\n`);
    for (const file of outcome.files) context.stdout(`${file.action.padEnd(11)} ${file.path}${file.note ? `  (${file.note})` : ''}\n`);
    context.stdout('next: try it locally (npx handoff new hugo-build --env dev --description "First build", then npx handoff run <the task it printed>);\n');
    context.stdout('      fill in handoff.yml (buckets, distribution ids, roles) for GitHub; commit. Claude Code finds the handoff MCP server in .mcp.json (approve it once) and its instructions in CLAUDE.md.\n');
    return 0;
  });
}
