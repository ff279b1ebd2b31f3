import type { EnvironmentConfig } from '../config/config-schema.js';
import { siteUrlOf } from '../config/site-url.js';
import { CHANGES_LIVE_SITE } from '../primitives/task-types.js';
import type { Task } from '../task/validate-task.js';
import type { SiteSource } from './site-source.js';

/**
 * One run job's task, as the workflow reads it through `matrix.task.*`. Every field is a string
 * or boolean that is always present, so expressions never meet `null` (empty means "none").
 */
export interface MatrixTask {
  id: string;
  /** tasks/in-progress/<id>.md: where the claim put it. */
  task_file: string;
  type: string;
  environment: string;
  /** The site of handoff.yml (`default` for the one-site form). */
  site: string;
  /** The GitHub environment of the run job: its reviewers, secrets and OIDC subject (`production-<site>` for a site of several). */
  github_environment: string;
  /** The run job's concurrency group: one task at a time per site and environment. */
  concurrency_group: string;
  /** Whether the job needs AWS credentials (deploys and invalidations). */
  needs_aws: boolean;
  role_arn: string;
  aws_region: string;
  /** owner/name of a site in another repository; empty for a site in this one. */
  site_repository: string;
  site_ref: string;
  /** The name of the secret with the read-only token for site_repository. */
  site_token_secret: string;
  /** Shown as the deployment's URL on the run page. */
  site_url: string;
  /**
   * The environment's handoff.yml entry as the plan read it from outside the push (JSON): the
   * run deploys where this says, never where the claim commit's handoff.yml says.
   */
  environment_config: string;
}

export interface MatrixSite {
  site: string;
  githubEnvironment: string;
  concurrencyGroup: string;
}

export function matrixTaskFor(task: Task, taskFile: string, environment: EnvironmentConfig, site: SiteSource | undefined, where: MatrixSite): MatrixTask {
  return {
    id: task.id,
    task_file: taskFile,
    type: task.type,
    environment: task.environment,
    site: where.site,
    github_environment: where.githubEnvironment,
    concurrency_group: where.concurrencyGroup,
    needs_aws: CHANGES_LIVE_SITE.has(task.type),
    role_arn: environment.role_arn ?? '',
    aws_region: environment.region ?? '',
    site_repository: site?.repository ?? '',
    site_ref: site?.ref ?? '',
    site_token_secret: site?.tokenSecret ?? '',
    site_url: siteUrlOf(environment) ?? '',
    environment_config: JSON.stringify(environment),
  };
}

/** The `matrix` output: `strategy.matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}` gives `matrix.task`. */
export function matrixJson(tasks: readonly MatrixTask[]): string {
  return JSON.stringify({ task: tasks });
}
