import { type MonotonicClock, monotonicClock } from '../clock.js';
import { describeAwsError, type RawAwsError } from './aws-error.js';

export interface LiveCheckResult {
  url: string;
  /** Null when no response came (refused, timed out). */
  http_status: number | null;
  content_type: string | null;
  /** Until the response headers arrived (or the failure). */
  latency_ms: number;
  error?: RawAwsError;
}

export interface LiveCheckOptions {
  /** Per request (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  now?: MonotonicClock;
}

/**
 * GETs one URL the way a visitor would (redirects followed) and says what came back. Never
 * throws: a site that cannot be reached is a result the report carries, not a crash.
 */
export async function checkLiveUrl(url: string, options: LiveCheckOptions = {}): Promise<LiveCheckResult> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? monotonicClock;
  const started = now();
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  try {
    const response = await fetchImpl(url, { redirect: 'follow', signal, headers: { 'cache-control': 'no-cache' } });
    const latency = Math.round(now() - started);
    await response.arrayBuffer().catch(() => undefined);
    return { url, http_status: response.status, content_type: response.headers.get('content-type'), latency_ms: latency };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const described = describeAwsError(cause instanceof Error ? cause : error);
    if (signal.aborted) {
      described.name = 'TimeoutError';
      described.code ??= 'ETIMEDOUT';
      described.message = `no response from ${url} within ${options.timeoutMs ?? 10_000} ms`;
    }
    return { url, http_status: null, content_type: null, latency_ms: Math.round(now() - started), error: described };
  }
}

/** The site URL first, then each extra path resolved against it. */
export async function checkSite(
  siteUrl: string,
  extraPaths: readonly string[] = [],
  options: LiveCheckOptions = {},
): Promise<LiveCheckResult[]> {
  const urls = [siteUrl, ...extraPaths.map((p) => new URL(p, siteUrl).toString())];
  return Promise.all(urls.map((url) => checkLiveUrl(url, options)));
}

/** A visitor got the page: a 2xx after redirects. */
export function isLive(result: LiveCheckResult): boolean {
  return result.http_status !== null && result.http_status >= 200 && result.http_status < 300;
}
