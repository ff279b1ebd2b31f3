import type { WorkflowConfig } from '../config/config-schema.js';
import type { Site } from '../config/sites.js';
import { siteRefSchema, siteRepositorySchema } from '../task/task-schema.js';
import { siteRepositoryOf } from '../task/task-site.js';
import type { Task } from '../task/validate-task.js';

/** A site that lives in another repository than the tasks. */
export interface SiteSource {
  /** owner/name. */
  repository: string;
  /** Branch, tag or commit; empty for the repository's default branch. */
  ref: string;
  /** The secret holding the read-only token the run job checks it out with. */
  tokenSecret: string;
}

export type SiteSourceCheck =
  | { ok: true; source: SiteSource | undefined }
  | { ok: false; field: string; message: string; fixable: boolean };

/**
 * Where a task's site comes from: `params.site_repository` and `params.site_ref`, checked against
 * the allow-list in handoff.yml (the run job deploys what it builds). Their shape is the task
 * schema's rule (siteRepositorySchema, siteRefSchema), applied here once more because they end up
 * in a checkout step: this is the last gate before it.
 */
export function siteSourceOf(task: Task, workflow: WorkflowConfig | undefined, site?: Site): SiteSourceCheck {
  if (site?.declared) return declaredSiteSource(task, workflow, site);
  const { repository, ref } = siteRepositoryOf(task, site);
  if (!repository) {
    if (ref) return { ok: false, field: 'params.site_ref', message: 'params.site_ref is set without params.site_repository', fixable: true };
    return { ok: true, source: undefined };
  }
  if (!siteRepositorySchema.safeParse(repository).success) {
    return { ok: false, field: 'params.site_repository', message: `params.site_repository: expected owner/name; found ${JSON.stringify(repository)}`, fixable: true };
  }
  if (ref !== undefined && !siteRefSchema.safeParse(ref).success) {
    return { ok: false, field: 'params.site_ref', message: `params.site_ref: expected a branch, tag or commit name; found ${JSON.stringify(ref)}`, fixable: true };
  }
  const allowed = workflow?.site_repositories ?? [];
  if (!allowed.some((name) => name.toLowerCase() === repository.toLowerCase())) {
    return {
      ok: false,
      field: 'params.site_repository',
      message: `params.site_repository: ${repository} is not in workflow.site_repositories of handoff.yml (allowed: ${allowed.join(', ') || 'none'})`,
      fixable: false,
    };
  }
  const tokenSecret = workflow?.site_repository_token_secret;
  if (!tokenSecret) {
    return {
      ok: false,
      field: 'params.site_repository',
      message: 'params.site_repository needs workflow.site_repository_token_secret in handoff.yml (the secret with a read-only token for it)',
      fixable: false,
    };
  }
  return { ok: true, source: { repository, ref: ref ?? '', tokenSecret } };
}

/**
 * A site declared under `sites:` comes from handoff.yml, which the task cannot change (loadTask
 * refuses params that contradict it): declaring its repository there is what allows it. A task
 * may still pick the ref (params.site_ref).
 */
function declaredSiteSource(task: Task, workflow: WorkflowConfig | undefined, site: Site): SiteSourceCheck {
  const { repository, ref } = siteRepositoryOf(task, site);
  if (!repository) return { ok: true, source: undefined };
  const tokenSecret = site.tokenSecret ?? workflow?.site_repository_token_secret;
  if (!tokenSecret) {
    return {
      ok: false,
      field: 'site',
      message: `site ${site.name} is in ${repository}, but handoff.yml names no secret with a read-only token for it (sites.${site.name}.token_secret or workflow.site_repository_token_secret)`,
      fixable: false,
    };
  }
  return { ok: true, source: { repository, ref: ref ?? '', tokenSecret } };
}
