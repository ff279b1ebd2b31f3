import type { RedeploySubmission } from '../../client/redeploy-task.js';
import { submitRedeploy } from '../../client/redeploy-task.js';
import { loadConfig } from '../../config/load-config.js';
import { ENVIRONMENTS, type Environment } from '../../primitives/task-types.js';
import { printJson, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';
import { askOnTerminal } from './submit-task.js';

/** `handoff rollback <environment> [--to <task-id>] [--site name]`: redeploy the commit of an earlier successful deploy. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [environment, ...extra] = parsed.positionals;
  if (!environment || extra.length > 0) throw new UsageError('expected exactly one environment');
  if (!(ENVIRONMENTS as readonly string[]).includes(environment)) throw new UsageError(`environment: expected one of ${ENVIRONMENTS.join(', ')}; found "${environment}"`);
  const to = typeof parsed.values.to === 'string' ? parsed.values.to : undefined;
  const site = typeof parsed.values.site === 'string' ? parsed.values.site : undefined;
  return reportRedeploy(parsed, context, (options) =>
    submitRedeploy({ ...options, request: { kind: 'rollback', environment: environment as Environment, ...(to ? { to } : {}), ...(site ? { site } : {}) } }),
  );
}

/** The part promote and rollback share: the confirmation, the submit, the answer. */
export async function reportRedeploy(
  parsed: ParsedCommand,
  context: CliContext,
  submit: (options: Omit<RedeploySubmission, 'request'>) => ReturnType<typeof submitRedeploy>,
): Promise<number> {
  const confirm = typeof parsed.values.confirm === 'string' ? parsed.values.confirm : undefined;
  return withAgentErrors(context, async () => {
    const outcome = await submit({
      root: context.root,
      config: await loadConfig(context.root),
      now: context.now(),
      ...(confirm !== undefined ? { confirm } : {}),
      ...(process.stdin.isTTY && context.interactive ? { ask: askOnTerminal } : {}),
      push: parsed.values['no-push'] !== true,
      env: context.env,
    });
    if (context.json) {
      printJson(context, { ok: true, id: outcome.id, path: outcome.path, kind: outcome.kind, environment: outcome.environment, source_commit: outcome.source_commit, from: outcome.from, to: outcome.to, commit: outcome.commit, pushed: outcome.pushed, remote: outcome.remote, note: outcome.note });
    } else {
      context.stderr(`handoff: ${outcome.kind} ${outcome.environment}: ${outcome.from ?? '(none)'} -> ${outcome.to} (builds ${outcome.source_commit.slice(0, 12)}); committed ${outcome.path}${outcome.pushed ? `, pushed to ${outcome.remote}` : ''}\n`);
      if (outcome.note) context.stderr(`handoff: ${outcome.note}\n`);
      context.stdout(`${outcome.id}\n`);
    }
    return 0;
  });
}
