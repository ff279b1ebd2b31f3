import type { S3Credentials } from '../aws/s3-credentials.js';
import { DEFAULT_CONCURRENCY } from './concurrency.js';
import type { S3ClientSettings } from './s3-store.js';

/*
 * The defaults of a deploy target, each stated once: the worker's deploy settings, the previews'
 * dev target, the deploy action's inputs and the S3 clients all apply them through this module.
 */

/** The bucket's region when neither handoff.yml nor the runner names one (AWS's own default). */
export const DEFAULT_REGION = 'us-east-1';

/** The bucket's region: the one stated (handoff.yml, an input, the runner's AWS_REGION), else DEFAULT_REGION. */
export function bucketRegionOf(...stated: ReadonlyArray<string | undefined>): string {
  return stated.find((region) => region !== undefined && region !== '') ?? DEFAULT_REGION;
}

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

/** What an S3 target states, each field possibly left out: resolveS3Target fills them. */
export interface StatedS3 {
  region?: string | undefined;
  /** An S3-compatible endpoint (tests, act, MinIO); none for AWS. */
  endpoint?: string | undefined;
  forcePathStyle?: boolean | undefined;
  checksumMode?: ChecksumMode | undefined;
  /** Keys the edge gave; none: the SDK's default chain. */
  credentials?: S3Credentials | undefined;
}

/** The bucket connection's settings, every default applied: path style with an endpoint, checksums by requestChecksumsOf. */
export function resolveS3Target(stated: StatedS3): S3ClientSettings {
  const endpoint = stated.endpoint || null;
  return {
    region: bucketRegionOf(stated.region),
    endpoint,
    forcePathStyle: stated.forcePathStyle ?? endpoint !== null,
    requestChecksumCalculation: requestChecksumsOf(stated.checksumMode, endpoint ?? undefined),
    credentials: stated.credentials ?? null,
  };
}

/** What the edges know of a deploy's target (handoff.yml's environment, the task, inputs, flags); unstated fields get their defaults. */
export interface StatedTarget extends StatedS3 {
  bucket: string;
  /** Key prefix as written (`site` or `site/`); none: the bucket root. */
  prefix?: string | undefined;
  /** The delete limits stated, most specific first (the task's, then the environment's). */
  maxDeletes?: ReadonlyArray<number | undefined>;
  concurrency?: number | undefined;
  parallelListing?: boolean | undefined;
  distributionId?: string | null | undefined;
  url?: string | null | undefined;
}

/**
 * Where a deploy goes and the limits it keeps, every field decided: the deploy engine takes it
 * as it is and applies no default of its own. Null says a thing is absent on purpose.
 */
export interface ResolvedDeployTarget {
  bucket: string;
  /** Key prefix as stated (the engine checks and normalises it); '' for the bucket root. */
  prefix: string;
  s3: S3ClientSettings;
  /** Most objects one deploy may delete; past it the deploy writes nothing. */
  maxDeletes: number;
  /** Uploads (and hashes) in flight at once. */
  concurrency: number;
  /**
   * List the pages after the first a few at once, in ranges cut at the local tree's keys
   * (list-ranges.ts), instead of one after another. It saves round trips to a distant S3 with
   * thousands of objects; against a server whose own CPU is the limit (the bench's local one) it
   * saves nothing and costs that server more CPU (bench/README.md).
   */
  parallelListing: boolean;
  /** The CloudFront distribution to invalidate; null: none, and invalidation is reported as skipped, never faked. */
  distributionId: string | null;
  /** The live site, fetched after the deploy; null: no live check. */
  url: string | null;
}

/** The one place a deploy target's defaults are applied. */
export function resolveDeployTarget(stated: StatedTarget): ResolvedDeployTarget {
  return {
    bucket: stated.bucket,
    prefix: stated.prefix ?? '',
    s3: resolveS3Target(stated),
    maxDeletes: maxDeletesOf(...(stated.maxDeletes ?? [])),
    concurrency: stated.concurrency ?? DEFAULT_CONCURRENCY,
    parallelListing: stated.parallelListing ?? true,
    distributionId: stated.distributionId || null,
    url: stated.url ?? null,
  };
}
