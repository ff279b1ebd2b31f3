/*
 * The defaults of a deploy target, each stated once: the worker's deploy settings, the previews'
 * dev target, the deploy action's inputs and the S3 clients all apply them through this module.
 */

/** The bucket's region when neither handoff.yml nor the runner names one (AWS's own default). */
export const DEFAULT_REGION = 'us-east-1';

/** Most objects one deploy (or one preview's removal) may delete when nothing states a limit. */
export const DEFAULT_MAX_DELETES = 256;

/** The first limit stated, most specific first (the task's, then the environment's), else the default. */
export function maxDeletesOf(...stated: ReadonlyArray<number | undefined>): number {
  return stated.find((limit) => limit !== undefined) ?? DEFAULT_MAX_DELETES;
}

/** handoff.yml's checksum_mode. */
export type ChecksumMode = 'when-required' | 'when-supported';

/**
 * The checksums S3 requests carry, in the SDK's terms: handoff.yml's checksum_mode when set, else
 * only the required ones for an S3-compatible endpoint (such servers reject the SDK's default
 * checksums more often than not) and every supported one for AWS.
 */
export function requestChecksumsOf(mode: ChecksumMode | undefined, endpoint: string | undefined): 'WHEN_REQUIRED' | 'WHEN_SUPPORTED' {
  const chosen = mode ?? (endpoint ? 'when-required' : 'when-supported');
  return chosen === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
}
