import type { EnvironmentConfig, HandoffConfig } from '../config/config-schema.js';
import { environmentOf, environmentPath, siteNamed } from '../config/sites.js';
import { siteUrlOf } from '../config/site-url.js';
import { PRODUCTION_CONFIRMATION, type Environment } from '../primitives/task-types.js';
import type { Task } from '../task/validate-task.js';
import type { EnvironmentLookup } from './github-api.js';

/*
 * The production gate, in one place: which tasks need the user's typed confirmation and the
 * warning they see before typing it (checked by `handoff submit`, promote and rollback on the
 * agent's machine), and whether the GitHub environment makes the deploy job wait for a reviewer
 * (checked by the workflow before a production task runs).
 */

/**
 * Whether a task changes the customer-facing site: a deploy or an invalidation in production.
 * A production build changes nothing anyone sees, so the guide asks no approval for it.
 */
export function needsProductionApproval(task: Task): boolean {
  return task.environment === 'production' && task.type !== 'hugo-build';
}

/**
 * The production URL a task is approved for, the one answer the agent's warning and the
 * reviewer's plan summary both print: siteUrlOf's precedence with the task's own base_url (the
 * site was built for it).
 */
export function productionUrlOf(task: Task, production: EnvironmentConfig | undefined): string | undefined {
  return siteUrlOf(production, { taskBaseUrl: 'base_url' in task.params ? task.params.base_url : undefined });
}

/**
 * The guide's production approval message, filled from the task (its changes summary and
 * staging URL) and from handoff.yml (the production URL, which only that file may say).
 */
export function productionWarning(task: Task, config: HandoffConfig | undefined): string {
  const site = config ? siteNamed(config, task.site) : undefined;
  const production = site?.ok ? environmentOf(site.site, 'production') : undefined;
  const productionUrl = productionUrlOf(task, production) ?? `(no ${site?.ok ? environmentPath(site.site, 'production') : 'environments.production'}.base_url in handoff.yml)`;
  const changes = task.changes_summary ?? task.description;
  const staging = task.staging_url ?? '(none given)';
  return [
    '⚠️ PRODUCTION DEPLOYMENT WARNING',
    '',
    'Changes being deployed:',
    ...changes.split('\n').map((line) => `- ${line.replace(/^- /, '')}`),
    '',
    `Staging preview: ${staging}`,
    '',
    `This will update the customer-facing site at ${productionUrl}`,
    '',
    `Type '${PRODUCTION_CONFIRMATION}' to confirm:`,
  ].join('\n');
}

export type ProtectionCheck =
  | { kind: 'protected'; reviewers: number; warning?: string }
  | { kind: 'allowed-unprotected'; warning: string }
  | { kind: 'refused'; message: string; nextStep: string };

/**
 * Decides whether a production task may ask for approval. Required reviewers exist only on some
 * plans (public repositories on Free/Pro/Team), and an environment without them runs the job at
 * once: so no reviewers, no environment, or no answer from the API all fail closed, unless
 * handoff.yml says `allow_unprotected: true` for production in so many words.
 */
export function checkProductionProtection(
  environment: string,
  lookup: EnvironmentLookup | { error: string },
  allowUnprotected: boolean,
  /** Where handoff.yml keeps this environment's settings (`sites.<name>.environments.production` for a site of several). */
  settingsPath = `environments.${environment}`,
): ProtectionCheck {
  const settings = `Settings → Environments → ${environment} → Required reviewers`;
  const optOut = `or, to accept deploys without review, set ${settingsPath}.allow_unprotected: true in handoff.yml`;
  let problem: string;
  if ('error' in lookup) {
    // Not knowing is not permission: an unreadable environment is treated as unprotected.
    problem = `could not read the protection rules of the GitHub environment "${environment}" (${lookup.error}); the claim job needs \`permissions: actions: read\``;
  } else if (!lookup.found) {
    problem = `the GitHub environment "${environment}" does not exist, so nothing would wait for a reviewer`;
  } else {
    const reviewers = lookup.protectionRules
      .filter((rule) => rule.type === 'required_reviewers')
      .reduce((sum, rule) => sum + (rule.reviewers ?? 1), 0);
    if (reviewers > 0) {
      const warning = lookup.canAdminsBypass
        ? `repository admins can bypass the required reviewers of "${environment}" (turn off "Allow administrators to bypass configured protection rules")`
        : undefined;
      return { kind: 'protected', reviewers, ...(warning ? { warning } : {}) };
    }
    const rules = lookup.protectionRules.map((rule) => rule.type);
    problem = `the GitHub environment "${environment}" has no required reviewers (its rules: ${rules.length ? rules.join(', ') : 'none'}), so the deploy would run without approval`;
  }
  if (allowUnprotected) return { kind: 'allowed-unprotected', warning: `${problem}; going on because handoff.yml sets allow_unprotected: true` };
  return {
    kind: 'refused',
    message: `production deploy refused: ${problem}`,
    nextStep: `Escalate: ask a repository admin to add required reviewers (${settings}), ${optOut}; then submit the task again.`,
  };
}

/**
 * Whether a deploy to this environment takes its targets from outside the repository only:
 * production always; staging when its GitHub environment has required reviewers (an approval
 * would mean nothing if the push could still say where it deploys), or when that cannot be read,
 * since not knowing is not permission. `undefined`: not asked (no GitHub API, a local run).
 */
export function targetsGated(environment: Environment, lookup: EnvironmentLookup | { error: string } | undefined): boolean {
  if (environment === 'production') return true;
  if (environment !== 'staging' || lookup === undefined) return false;
  if ('error' in lookup) return true;
  return lookup.found && lookup.protectionRules.some((rule) => rule.type === 'required_reviewers' && (rule.reviewers ?? 1) > 0);
}
