import { diagnoseRepository } from '../../client/doctor.js';
import { loadConfig } from '../../config/load-config.js';
import { githubApiFor } from '../../github/github-api.js';
import type { DoctorStatus } from '../../github/setup-diagnosis.js';
import { resolveGitHubAccess, roleTrustReaderFor } from '../../settings/github-access.js';
import { printJson, type CliContext, type ParsedCommand } from '../cli-context.js';
import { withAgentErrors } from './agent-error-report.js';

const MARKS: Record<DoctorStatus, string> = { ok: '✅', missing: '❌', warning: '⚠️ ', 'not-checked': '❔' };

/** `handoff doctor [--repo owner/name]`: what the GitHub side of the trust model still lacks; exit 1 when anything is missing. */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  return withAgentErrors(context, async () => {
    const access = await resolveGitHubAccess(context.root, context.env, { repository: parsed.values.repo as string | undefined, flagName: '--repo' });
    const loaded = await loadConfig(context.root);
    const report = await diagnoseRepository({ config: loaded.ok ? loaded.config : {}, repository: access.repository, api: githubApiFor(access), root: context.root, ...roleTrustReaderFor(context.env) });
    if (context.json) {
      printJson(context, report);
      return report.ok ? 0 : 1;
    }
    const { counts } = report;
    context.stdout(`handoff doctor: ${report.repository}: ${counts.missing} missing, ${counts.warning} warning(s), ${counts['not-checked']} not checked, ${counts.ok} ok\n`);
    for (const item of report.items) {
      context.stdout(`${MARKS[item.status]} ${item.check}: ${item.detail}\n`);
      if (item.fix && item.status !== 'ok') context.stdout(`   fix: ${item.fix}\n`);
    }
    if (!loaded.ok) context.stdout('⚠️  handoff.yml does not load (handoff validate shows why): its values were not compared\n');
    return report.ok ? 0 : 1;
  });
}
