import type { HandoffConfig } from '../config/config-schema.js';
import { environmentOf, environmentPath, siteNamed } from '../config/sites.js';
import type { Task } from '../task/validate-task.js';

/** The words the user types to approve a production deploy, exactly (the guide's approval rule). */
export const PRODUCTION_CONFIRMATION = 'DEPLOY TO PRODUCTION';

/**
 * Whether a task changes the customer-facing site: a deploy or an invalidation in production.
 * A production build changes nothing anyone sees, so the guide asks no approval for it.
 */
export function needsProductionApproval(task: Task): boolean {
  return task.environment === 'production' && task.type !== 'hugo-build';
}

/**
 * The guide's production approval message, filled from the task (its changes summary and
 * staging URL) and from handoff.yml (the production URL, which only that file may say).
 */
export function productionWarning(task: Task, config: HandoffConfig | undefined): string {
  const site = config ? siteNamed(config, task.site) : undefined;
  const production = site?.ok ? environmentOf(site.site, 'production') : undefined;
  const productionUrl = production?.site_url ?? production?.base_url ?? `(no ${site?.ok ? environmentPath(site.site, 'production') : 'environments.production'}.base_url in handoff.yml)`;
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
