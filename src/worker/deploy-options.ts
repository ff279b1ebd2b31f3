import type { EnvironmentConfig } from '../config/config-schema.js';
import { siteUrlOf } from '../config/site-url.js';
import type { DeployOptions } from '../deploy/deploy.js';
import { resolveDeployTarget } from '../deploy/target-defaults.js';
import type { DeployOverrides } from '../settings/deploy-overrides.js';
import type { Task } from '../task/validate-task.js';

export type DeployOptionsResult = { ok: true; settings: DeployOptions } | { ok: false; message: string; next_step: string };

/**
 * The deploy's settings from the task, its environment's handoff.yml entry and the machine's
 * overrides. Pure. The task decides what (its params); handoff.yml decides where (bucket, region,
 * distribution), so an agent's task file can never point a deploy at another bucket.
 */
export function deployOptionsFor(
  task: Extract<Task, { type: 'hugo-deploy' }>,
  sourceDir: string,
  environment: EnvironmentConfig | undefined,
  overrides: DeployOverrides,
  /** How messages name that environment in handoff.yml (`sites.<name>.environments.<env>` for a declared site). */
  where = `environments.${task.environment}`,
): DeployOptionsResult {
  const bucket = environment?.bucket ?? overrides.fallbackBucket;
  if (!bucket) {
    return {
      ok: false,
      message: `handoff.yml has no ${where}.bucket: there is nowhere to deploy ${task.environment} to`,
      next_step: `Escalate: ask the user to set ${where}.bucket (and region, distribution_id, site_url) in handoff.yml.`,
    };
  }
  const url = siteUrlOf(environment, { override: overrides.siteUrl, taskBaseUrl: task.params.base_url }) ?? null;
  const params = task.params;
  const settings: DeployOptions = {
    sourceDir,
    ...resolveDeployTarget({
      bucket,
      prefix: environment?.key_prefix,
      region: environment?.region,
      endpoint: overrides.s3Endpoint ?? environment?.s3_endpoint,
      forcePathStyle: environment?.s3_force_path_style,
      checksumMode: environment?.checksum_mode,
      credentials: overrides.localServer?.credentials ?? overrides.environmentCredentials,
      maxDeletes: [params.max_deletes, environment?.max_deletes],
      concurrency: environment?.upload_concurrency,
      parallelListing: environment?.parallel_listing,
      distributionId: params.invalidate === false || overrides.localServer ? null : environment?.distribution_id,
      url,
    }),
    dryRun: overrides.dryRun === true || params.dry_run === true,
    cloudfront: {
      wait: params.wait_for_invalidation ?? false,
      ...(overrides.cloudfrontEndpoint ? { endpoint: overrides.cloudfrontEndpoint } : {}),
    },
    liveCheck: { paths: params.check_paths ?? [] },
  };
  if (overrides.verifyHeaders) settings.headEveryObject = true;
  return { ok: true, settings };
}
