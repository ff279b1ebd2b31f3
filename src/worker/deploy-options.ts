import type { EnvironmentConfig } from '../config/config-schema.js';
import type { S3Credentials } from '../aws/s3-credentials.js';
import { siteUrlOf } from '../config/site-url.js';
import type { DeployOptions } from '../deploy/deploy.js';
import { DEFAULT_REGION, maxDeletesOf, requestChecksumsOf } from '../deploy/target-defaults.js';
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
  const endpoint = overrides.s3Endpoint ?? environment?.s3_endpoint;
  const url = siteUrlOf(environment, { override: overrides.siteUrl, taskBaseUrl: task.params.base_url }) ?? null;
  const params = task.params;
  const distributionId = params.invalidate === false || overrides.localServer ? null : (environment?.distribution_id ?? null);
  const settings: DeployOptions = {
    sourceDir,
    bucket,
    prefix: environment?.key_prefix ?? '',
    s3: {
      region: environment?.region ?? DEFAULT_REGION,
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: environment?.s3_force_path_style ?? Boolean(endpoint),
      requestChecksumCalculation: requestChecksumsOf(environment?.checksum_mode, endpoint),
      ...credentialsOf(overrides),
    },
    maxDeletes: maxDeletesOf(params.max_deletes, environment?.max_deletes),
    dryRun: overrides.dryRun === true || params.dry_run === true,
    cloudfront: {
      distributionId,
      wait: params.wait_for_invalidation ?? false,
      ...(overrides.cloudfrontEndpoint ? { endpoint: overrides.cloudfrontEndpoint } : {}),
    },
    url,
    liveCheck: { paths: params.check_paths ?? [] },
  };
  if (environment?.upload_concurrency !== undefined) settings.concurrency = environment.upload_concurrency;
  if (environment?.parallel_listing !== undefined) settings.parallelListing = environment.parallel_listing;
  if (overrides.verifyHeaders) settings.headEveryObject = true;
  return { ok: true, settings };
}

/** The keys of a server the edge started win over its environment's; with neither, the SDK chain. */
function credentialsOf(overrides: DeployOverrides): { credentials?: S3Credentials } {
  const credentials = overrides.localServer?.credentials ?? overrides.environmentCredentials;
  return credentials ? { credentials } : {};
}
