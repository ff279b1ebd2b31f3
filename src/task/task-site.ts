import type { HandoffConfig } from '../config/config-schema.js';
import { missingDeploySettings, siteNamed, type Site } from '../config/sites.js';
import { describeValue } from '../validation/problem.js';
import type { Task } from './validate-task.js';

/** A problem with a task's site, at the task field it is about. */
export interface TaskSiteIssue {
  field: Array<string>;
  expected: string;
  found: string;
}

export type TaskSiteCheck = { ok: true; site: Site } | { ok: false; issues: TaskSiteIssue[] };

/**
 * Checks a valid task against handoff.yml's sites: the site it names exists (or, with one site, it
 * names none); a declared site's source is handoff.yml's, so params may only repeat it; and a
 * declared site's environment has what the task type needs to run. Pure.
 */
export function checkTaskSite(task: Task, config: HandoffConfig): TaskSiteCheck {
  const choice = siteNamed(config, task.site);
  if (!choice.ok) return { ok: false, issues: [{ field: ['site'], expected: choice.expected, found: choice.found }] };
  const site = choice.site;
  if (!site.declared) return { ok: true, site };
  const issues: TaskSiteIssue[] = [];
  const params = task.params as Record<string, unknown>;
  const where = `sites.${site.name}`;
  if ('site_path' in params && params.site_path !== site.path) {
    issues.push({ field: ['params', 'site_path'], expected: `"${site.path}", the path of site ${site.name} (${where}.path in handoff.yml)`, found: describeValue(params.site_path) });
  }
  if (params.site_repository !== undefined && params.site_repository !== site.repository) {
    issues.push({
      field: ['params', 'site_repository'],
      expected: site.repository ? `"${site.repository}" (${where}.repository) or nothing` : `nothing: site ${site.name} is in this repository (${where} has no repository)`,
      found: describeValue(params.site_repository),
    });
  }
  if (params.site_ref !== undefined && !site.repository) {
    issues.push({ field: ['params', 'site_ref'], expected: `nothing: site ${site.name} is in this repository`, found: describeValue(params.site_ref) });
  }
  // Checked when the task is written, for the sites: form; the short form keeps reporting it when the task runs.
  const missing = missingDeploySettings(site, task.environment, task.type);
  if (missing.length > 0) {
    issues.push({
      field: ['environment'],
      expected: `${missing.join(' and ')} set in handoff.yml (a ${task.type} of site ${site.name} to ${task.environment} needs ${missing.length === 1 ? 'it' : 'them'})`,
      found: `${missing.join(', ')} not set`,
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, site };
}

/** Where a task's site comes from: handoff.yml for a declared site, the task's params otherwise. */
export function siteRepositoryOf(task: Task, site: Site): { repository: string | undefined; ref: string | undefined } {
  const params = task.params as Record<string, unknown>;
  const taskRef = typeof params.site_ref === 'string' ? params.site_ref : undefined;
  if (site.declared) return { repository: site.repository, ref: taskRef ?? site.ref };
  return { repository: typeof params.site_repository === 'string' ? params.site_repository : undefined, ref: taskRef };
}
