import { describeUploadRules } from '../../deploy/plan.js';
import { planDeploy } from '../../client/plan-deploy.js';
import { resolveHandoffSettings } from '../../settings/handoff-settings.js';
import { existingRepositoryPath, printJson, printProblems, UsageError, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

/**
 * `handoff plan <task-file>`: the deploy planned against the live bucket (nothing sent) and
 * whether the user must be asked first (see planDeploy).
 */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [taskArgument, ...extra] = parsed.positionals;
  if (!taskArgument || extra.length > 0) throw new UsageError('expected exactly one task file');
  const file = await existingRepositoryPath(context, taskArgument, 'no such task file');
  return withAgentErrors(context, async () => {
    const settings = await resolveHandoffSettings(context.root, context.env, { dryRun: true });
    const outcome = await planDeploy({
      root: context.root,
      file,
      config: settings.config,
      deployOverrides: settings.deployOverrides,
      siteCodeEnv: settings.siteCodeEnv,
      redactor: settings.redactor,
      env: context.env,
      now: context.now,
    });
    if (context.json) {
      printJson(context, outcome);
      return outcome.ok ? 0 : 1;
    }
    if ('problems' in outcome) {
      printProblems(context, outcome.problems);
      return 1;
    }
    if (!outcome.ok) {
      context.stderr(`handoff: ${outcome.error.message}\n${outcome.log}\n`);
      return 1;
    }
    const lines = [`approval: ${outcome.approval}`, ...outcome.reasons.map((reason) => `  - ${reason}`), `plan: ${outcome.summary}`];
    for (const upload of outcome.plan.uploads) lines.push(`  upload ${upload.key} (${upload.reason}, ${upload.bytes} bytes)${upload.rules ? `: ${describeUploadRules(upload.rules)}` : ''}`);
    for (const key of outcome.plan.deletes) lines.push(`  delete ${key}`);
    if (outcome.plan.invalidation_paths.length) lines.push(`  invalidate ${outcome.plan.invalidation_paths.join(' ')}`);
    context.stdout(`${lines.join('\n')}\n`);
    return 0;
  });
}
