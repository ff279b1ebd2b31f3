import { monotonicClock, systemClock, type MonotonicClock } from '../clock.js';
import { randomUUID } from 'node:crypto';
import { CloudFrontClient, CreateInvalidationCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { sleep as realSleep, withRetries, type Sleep } from '../retry/retry.js';
import { describeAwsError } from './aws-error.js';
import { GLOBAL_SERVICE_SIGNING_REGION } from '../aws/global-service-region.js';

export interface InvalidationRequest {
  distributionId: string;
  paths: readonly string[];
  /** Poll until CloudFront reports the invalidation Completed. */
  wait?: boolean;
  /** How long to wait for completion (default 10 minutes). */
  waitTimeoutMs?: number;
}

export interface InvalidationOutcome {
  id: string;
  /** CloudFront's status when we stopped looking: `InProgress` or `Completed`. */
  status: string;
  paths: string[];
  callerReference: string;
  /** CreateInvalidation requests sent, retries included. */
  attempts: number;
  /** False when a wait was asked for and timed out (the invalidation still goes on). */
  completed: boolean;
  /** Set when the invalidator only planned it (a dry run): why nothing was sent. */
  planned?: { reason: string };
}

/** Creates invalidations; an interface so a deploy can be tested or run without CloudFront. */
export interface CdnInvalidator {
  invalidate(request: InvalidationRequest, signal?: AbortSignal): Promise<InvalidationOutcome>;
}

export interface CloudFrontInvalidatorOptions {
  client?: CloudFrontClient;
  /** For tests (a local CloudFront stand-in); unset for AWS. */
  endpoint?: string;
  /** Retries of a retryable CreateInvalidation failure (default 8). */
  maxRetries?: number;
  /** First backoff ceiling (default 1 s), doubled per retry up to maxDelayMs (default 30 s), with full jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Between GetInvalidation polls while waiting (default 5 s). */
  pollIntervalMs?: number;
  sleep?: Sleep;
  random?: () => number;
  now?: MonotonicClock;
  /** Unique per deploy by default; fixed in tests. */
  callerReference?: () => string;
}

/**
 * CloudFront allows a few invalidations in progress per distribution and throttles bursts;
 * both pass with time, so these are retried. Everything else (NoSuchDistribution, AccessDenied,
 * InvalidArgument) is a configuration problem that a retry would only delay.
 */
const RETRYABLE = new Set([
  'TooManyInvalidationsInProgress',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

function isRetryable(error: unknown): boolean {
  const described = describeAwsError(error);
  if (described.code && RETRYABLE.has(described.code)) return true;
  if (RETRYABLE.has(described.name)) return true;
  return described.httpStatus !== undefined && described.httpStatus >= 500;
}

/**
 * The CloudFront client. Its own retries are off (one attempt): the invalidator retries, with
 * the same CallerReference each time so a retry after a lost response cannot create a second
 * invalidation, and with a sleep tests can replace.
 */
export function createCloudFrontClient(endpoint?: string): CloudFrontClient {
  return new CloudFrontClient({ region: GLOBAL_SERVICE_SIGNING_REGION, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
}

export function createCloudFrontInvalidator(options: CloudFrontInvalidatorOptions = {}): CdnInvalidator {
  const client = options.client ?? createCloudFrontClient(options.endpoint);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? monotonicClock;
  const maxRetries = options.maxRetries ?? 8;
  const backoff = { baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 30_000, jitter: 'full' } as const;
  const pollIntervalMs = options.pollIntervalMs ?? 5000;

  return {
    async invalidate(request, signal) {
      const callerReference = options.callerReference?.() ?? `handoff-${systemClock().getTime()}-${randomUUID()}`;
      const paths = [...request.paths];
      let attempts = 0;
      const created = await withRetries(
        async (attempt) => {
          attempts = attempt;
          const out = await client.send(
            new CreateInvalidationCommand({
              DistributionId: request.distributionId,
              InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: paths.length, Items: paths } },
            }),
            { abortSignal: signal },
          );
          return { id: out.Invalidation?.Id ?? '', status: out.Invalidation?.Status ?? 'InProgress' };
        },
        { attempts: maxRetries + 1, backoff, retryable: isRetryable, sleep, random, signal },
      );

      const outcome: InvalidationOutcome = {
        id: created.id,
        status: created.status,
        paths,
        callerReference,
        attempts,
        completed: created.status === 'Completed',
      };
      if (!request.wait || outcome.completed) return outcome;

      const deadline = now() + (request.waitTimeoutMs ?? 10 * 60_000);
      while (now() < deadline) {
        await sleep(Math.min(pollIntervalMs, Math.max(0, deadline - now())), signal);
        let status: string | undefined;
        try {
          const out = await client.send(
            new GetInvalidationCommand({ DistributionId: request.distributionId, Id: created.id }),
            { abortSignal: signal },
          );
          status = out.Invalidation?.Status;
        } catch (error) {
          if (!isRetryable(error) || signal?.aborted) throw error;
        }
        outcome.status = status ?? outcome.status;
        if (outcome.status === 'Completed') {
          outcome.completed = true;
          break;
        }
      }
      return outcome;
    },
  };
}
