import { describeAwsError } from './aws-error.js';
import type { CdnInvalidator } from './cloudfront.js';
import type { CloudFrontOptions, DeployDeps, DeployFailure, DeployParts, DeployOptions, InvalidationReport } from './deploy-types.js';
import { reduceInvalidationPaths } from './invalidation-paths.js';

/**
 * Invalidates in CloudFront the paths of what changed (even after a failure: objects already
 * replaced may be cached stale), or records why it skipped or only planned the invalidation.
 */
export async function invalidate(
  settings: DeployOptions,
  parts: DeployParts,
  changedKeys: string[],
  context: { planRefused: boolean },
  state: { failure?: DeployFailure; invalidation: InvalidationReport },
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const cf = settings.cloudfront ?? {};
  const paths = reduceInvalidationPaths(changedKeys, {
    ...(cf.budget !== undefined ? { budget: cf.budget } : {}),
    ...(cf.siblingLimit !== undefined ? { siblingLimit: cf.siblingLimit } : {}),
    ...(cf.originPath !== undefined ? { originPath: cf.originPath } : {}),
  });
  if (context.planRefused) {
    state.invalidation = { status: 'skipped', id: null, paths: [], reason: 'the deploy was refused; nothing changed' };
    return;
  }
  if (settings.distributionId === null) {
    state.invalidation = { status: 'skipped', id: null, paths, reason: 'no CloudFront distribution configured' };
    return;
  }
  if (paths.length === 0) {
    state.invalidation = { status: 'skipped', id: null, paths, reason: 'nothing changed' };
    return;
  }
  const { invalidator, close } = await parts.openInvalidator();
  try {
    const outcome = await invalidator.invalidate(
      {
        distributionId: settings.distributionId,
        paths,
        wait: cf.wait ?? false,
        ...(cf.waitTimeoutSeconds !== undefined ? { waitTimeoutMs: cf.waitTimeoutSeconds * 1000 } : {}),
      },
      signal,
    );
    if (outcome.planned) {
      state.invalidation = { status: 'planned', id: null, paths: outcome.paths, reason: outcome.planned.reason };
      return;
    }
    state.invalidation = { status: outcome.completed ? 'completed' : 'created', id: outcome.id, paths: outcome.paths };
    if (cf.wait && !outcome.completed) {
      warnings.push(`invalidation ${outcome.id} was still ${outcome.status} when the wait timed out`);
    }
  } catch (error) {
    state.invalidation = { status: 'failed', id: null, paths };
    const described = describeAwsError(error);
    if (state.failure) warnings.push(`invalidation failed too: ${described.message}`);
    else state.failure = { phase: 'invalidate', ...described };
  } finally {
    close?.();
  }
}

/** The injected invalidator, or CloudFront through the SDK, which loads only when an invalidation is really sent: most deploys never need it. */
export async function openInvalidator(cf: CloudFrontOptions, deps: DeployDeps): Promise<{ invalidator: CdnInvalidator; close?: () => void }> {
  if (deps.invalidator) return { invalidator: deps.invalidator };
  const cloudfront = await import('./cloudfront.js');
  const client = cloudfront.createCloudFrontClient(cf.endpoint);
  return {
    invalidator: cloudfront.createCloudFrontInvalidator({ client, ...(deps.sleep ? { sleep: deps.sleep } : {}) }),
    close: () => client.destroy(),
  };
}
