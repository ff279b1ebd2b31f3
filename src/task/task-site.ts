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
  const params = siteParamsOf(task);
  const where = `sites.${site.name}`;
  if (params.sitePath !== undefined && params.sitePath !== site.path) {
    issues.push({ field: ['params', 'site_path'], expected: `"${site.path}", the path of site ${site.name} (${where}.path in handoff.yml)`, found: describeValue(params.sitePath) });
  }
  if (params.repository !== undefined && params.repository !== site.repository) {
    issues.push({
      field: ['params', 'site_repository'],
      expected: site.repository ? `"${site.repository}" (${where}.repository) or nothing` : `nothing: site ${site.name} is in this repository (${where} has no repository)`,
      found: describeValue(params.repository),
    });
  }
  if (params.ref !== undefined && !site.repository) {
    issues.push({ field: ['params', 'site_ref'], expected: `nothing: site ${site.name} is in this repository`, found: describeValue(params.ref) });
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
export function siteRepositoryOf(task: Task, site: Site | undefined): { repository: string | undefined; ref: string | undefined } {
  const params = siteParamsOf(task);
  if (site?.declared) return { repository: site.repository, ref: params.ref ?? site.ref };
  return { repository: params.repository, ref: params.ref };
}

/** The params that say where a task's site is; a type without them has none. */
function siteParamsOf(task: Task): { sitePath: string | undefined; repository: string | undefined; ref: string | undefined } {
  switch (task.type) {
    case 'hugo-build':
    case 'hugo-deploy':
      return { sitePath: task.params.site_path, repository: task.params.site_repository, ref: task.params.site_ref };
    case 'content-edit':
      return { sitePath: task.params.site_path, repository: undefined, ref: undefined };
    case 'cloudfront-invalidate':
      return { sitePath: undefined, repository: undefined, ref: undefined };
  }
}
