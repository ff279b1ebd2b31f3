/**
 * One way to try again: bounded attempts, exponential backoff with jitter, a sleep that tests
 * replace and an abort signal that stops the waiting. Used by the deploy's S3 requests, CloudFront
 * invalidations and git pushes; each defines its own policy (attempts, delays) once, next to what
 * it retries, and decides which failures may pass with time.
 */

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The wait before retry `attempt` (1 after the first failure): a cap that doubles from
 * `baseDelayMs` up to `maxDelayMs`, jittered so that clients failing together spread out.
 * `full`: anywhere in [0, cap] (AWS's recommendation for throttled APIs); `equal`: half the cap
 * plus up to the other half (never retries at once: racing git pushers); `none`: the cap itself
 * (one worker's own pause, with nobody to spread out from).
 */
export interface Backoff {
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: 'full' | 'equal' | 'none';
}

export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number): number {
  const cap = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (attempt - 1));
  if (backoff.jitter === 'none') return cap;
  return backoff.jitter === 'full' ? Math.round(random() * cap) : Math.round(cap / 2 + (random() * cap) / 2);
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** One backoff, or one chosen by the failure (S3 waits longer after throttling). */
  backoff: Backoff | ((error: unknown) => Backoff);
  /** Whether a failure may pass with time; any other is thrown at once. */
  retryable: (error: unknown) => boolean;
  sleep?: Sleep;
  random?: () => number;
  signal?: AbortSignal | undefined;
  /** What to throw when the attempts run out on a retryable failure (default: that failure). */
  exhausted?: (error: unknown, attempts: number) => unknown;
}

/** Runs `operation` (given the attempt number, from 1) until it resolves or may not be retried. */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (!options.retryable(error) || signal?.aborted) throw error;
      if (attempt >= options.attempts) throw options.exhausted ? options.exhausted(error, attempt) : error;
      const backoff = typeof options.backoff === 'function' ? options.backoff(error) : options.backoff;
      await wait(backoffDelayMs(attempt, backoff, random), signal);
    }
  }
}
