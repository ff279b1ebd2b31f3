// Longer than 300 lines on purpose: the signer, the request gate (in-flight limit halved on
// SlowDown) and the request loop are one hot path, kept together so its cost per request can be read.
import httpModule from 'node:http';
import type https from 'node:https';
import { createSigner, sha256Hex } from '../aws/signature-v4.js';
import { withRetries, type Backoff } from '../retry/retry.js';
import { credentialSource, type S3Credentials } from '../aws/s3-credentials.js';
import { THROTTLING_CODES } from './aws-error.js';
import { xmlText } from '../aws/xml-text.js';
import { monotonicClock, systemClock } from '../clock.js';

/**
 * The deploy's own S3 requests (PUT, GET, HEAD, ListObjectsV2): signed with AWS Signature
 * Version 4 (header form), credentials from the SDK's default chain, sent over a keep-alive agent. A deploy sends
 * one request per changed file; through the full SDK each cost about 0.7 ms of main-thread CPU
 * (middleware resolved per send, endpoint rules, serde, checksum middleware), more than the
 * server spent on it. Here a request is built, signed and sent directly, DeleteObjects included,
 * all under one request gate and one retry policy; only multipart uploads go through the SDK
 * client (s3-store.ts), with the same attempts.
 */

export interface S3HttpSettings {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Attempts per request, retries included. */
  maxAttempts: number;
  /** Requests in flight at most; SlowDown and other throttling halve it for a while. */
  maxInFlight: number;
  /** Keys the edge gave (s3-credentials.ts); without them, the SDK's default chain. */
  credentials?: S3Credentials;
}

export interface S3Response {
  status: number;
  /** Lower-case names, as node gives them. */
  headers: httpModule.IncomingHttpHeaders;
  body: Buffer;
}

export interface S3Request {
  method: 'GET' | 'PUT' | 'HEAD' | 'POST';
  bucket: string;
  /** Unset for bucket-level requests (listing). */
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  /** The body's MD5, hex: sent as Content-MD5, so S3 checks what it stored. */
  bodyMd5?: string;
  signal?: AbortSignal | undefined;
}

export interface S3Http {
  /** Resolves with any HTTP answer the caller may expect (404 on a GET or HEAD); rejects with an SDK-shaped error otherwise. */
  send(request: S3Request, accept?: (status: number) => boolean): Promise<S3Response>;
  destroy(): void;
}

/** An error shaped like the SDK's, so describeAwsError and the error classifier read it alike. */
export interface S3HttpError extends Error {
  Code?: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number; requestId?: string };
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** As the SDK's standard retry mode: full jitter, base delays 100 ms (500 ms after throttling), cap 20 s. */
const RETRY_BACKOFF: Backoff = { baseDelayMs: 100, maxDelayMs: 20_000, jitter: 'full' };
const THROTTLE_BACKOFF: Backoff = { ...RETRY_BACKOFF, baseDelayMs: 500 };
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalError']);
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** RFC 3986 encoding, as S3 expects it in paths and query strings. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  /** The path before the bucket or key: `/` or an endpoint's own path, with a trailing slash. */
  basePath: string;
}

/** Where requests for a bucket go: the configured endpoint, or AWS's regional one. */
function targetFor(settings: S3HttpSettings, bucket: string): Target & { pathStyle: boolean } {
  const url = new URL(settings.endpoint ?? `https://s3.${settings.region}.${settings.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`);
  const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
  // A bucket with dots cannot be a TLS host name under the wildcard certificate: path style then.
  const dnsSafe = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) && !(protocol === 'https:' && bucket.includes('.'));
  const pathStyle = (settings.forcePathStyle ?? false) || !dnsSafe;
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return {
    protocol,
    hostname: pathStyle ? url.hostname : `${bucket}.${url.hostname}`,
    ...(url.port ? { port: Number(url.port) } : {}),
    basePath,
    pathStyle,
  };
}

/**
 * Requests in flight, bounded by a limit that halves on throttling (at most once per
 * HALVE_EVERY_MS, so one burst of SlowDowns counts once) and grows back by one per limit's worth
 * of successes: additive increase, multiplicative decrease, as TCP backs off.
 */
class RequestGate {
  private limit: number;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private lastHalved = 0;
  constructor(private readonly max: number) {
    this.limit = max;
  }
  async acquire(): Promise<void> {
    if (this.inFlight < Math.floor(this.limit)) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(throttled: boolean): void {
    const now = monotonicClock();
    if (throttled) {
      if (now - this.lastHalved > HALVE_EVERY_MS) {
        this.limit = Math.max(1, this.limit / 2);
        this.lastHalved = now;
      }
    } else if (this.limit < this.max) {
      this.limit = Math.min(this.max, this.limit + 1 / this.limit);
    }
    if (this.waiting.length > 0 && this.inFlight <= Math.floor(this.limit)) {
      this.waiting.shift()!(); // the slot passes on
    } else {
      this.inFlight--;
    }
  }
}
const HALVE_EVERY_MS = 200;

export function createS3Http(settings: S3HttpSettings): S3Http {
  const credentials = credentialSource(settings.credentials);
  const sign = createSigner(settings.region, 's3');
  // TLS loads only for an https endpoint (AWS always; local and test servers rarely).
  const http = { module: httpModule, agent: new httpModule.Agent({ keepAlive: true, maxSockets: settings.maxInFlight + 4 }) };
  let secure: Promise<{ module: typeof https; agent: https.Agent }> | undefined;
  const transport = (protocol: Target['protocol']) =>
    protocol === 'http:'
      ? http
      : (secure ??= import('node:https').then(({ default: module }) => ({ module, agent: new module.Agent({ keepAlive: true, maxSockets: settings.maxInFlight + 4 }) })));
  const gate = new RequestGate(settings.maxInFlight);
  const targets = new Map<string, ReturnType<typeof targetFor>>();

  async function attempt(request: S3Request): Promise<S3Response> {
    let target = targets.get(request.bucket);
    if (!target) {
      target = targetFor(settings, request.bucket);
      targets.set(request.bucket, target);
    }
    const keyPath = request.key === undefined ? '' : request.key.split('/').map(encodeRfc3986).join('/');
    const path = target.basePath + (target.pathStyle ? `${encodeRfc3986(request.bucket)}${request.key === undefined ? '' : '/'}` : '') + keyPath;
    const query = request.query ?? {};
    const headers: Record<string, string> = { ...request.headers };
    headers.host = target.port ? `${target.hostname}:${target.port}` : target.hostname;
    const body = request.body;
    if (body) {
      headers['content-length'] = String(body.length);
      if (request.bodyMd5) headers['content-md5'] = Buffer.from(request.bodyMd5, 'hex').toString('base64');
      // Over TLS the payload needs no hash of its own (S3 allows it; Content-MD5 still checks
      // the bytes); over plain HTTP the signature covers it.
      headers['x-amz-content-sha256'] = target.protocol === 'https:' ? 'UNSIGNED-PAYLOAD' : sha256Hex(body);
    } else {
      headers['x-amz-content-sha256'] = EMPTY_SHA256;
    }
    const search = Object.keys(query)
      .sort()
      .map((name) => `${encodeRfc3986(name)}=${encodeRfc3986(query[name]!)}`)
      .join('&');
    sign(await credentials(), request.method, path, search, headers, systemClock());
    const { module, agent } = await transport(target.protocol);
    return new Promise<S3Response>((resolve, reject) => {
      const req = module.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          ...(target.port ? { port: target.port } : {}),
          method: request.method,
          path: search ? `${path}?${search}` : path,
          headers,
          agent,
          ...(request.signal ? { signal: request.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  return {
    send(request, accept = (status) => status < 300) {
      return withRetries(
        async () => {
          await gate.acquire();
          let response: S3Response | undefined;
          let failure: unknown;
          try {
            response = await attempt(request);
          } catch (error) {
            failure = error;
          }
          const error = response && !accept(response.status) ? errorFromResponse(response, request.method) : failure;
          gate.release(error !== undefined && isThrottling(error));
          if (error !== undefined) throw error;
          return response!;
        },
        {
          attempts: settings.maxAttempts,
          backoff: (error) => (isThrottling(error) ? THROTTLE_BACKOFF : RETRY_BACKOFF),
          retryable: isRetryable,
          signal: request.signal,
        },
      );
    },
    destroy() {
      http.agent.destroy();
      void secure?.then(({ agent }) => agent.destroy());
    },
  };
}

function isThrottling(error: unknown): boolean {
  const e = error as Partial<S3HttpError>;
  return (e.Code !== undefined && THROTTLING_CODES.has(e.Code)) || e.$metadata?.httpStatusCode === 429 || e.$metadata?.httpStatusCode === 503;
}

function isRetryable(error: unknown): boolean {
  const e = error as Partial<S3HttpError> & { code?: unknown };
  if (e.$metadata) {
    return RETRYABLE_STATUS.has(e.$metadata.httpStatusCode) || (e.Code !== undefined && (THROTTLING_CODES.has(e.Code) || TRANSIENT_CODES.has(e.Code)));
  }
  return typeof e.code === 'string' && NETWORK_ERROR_CODES.has(e.code);
}

/** Names the SDK gives an error answer without a body (HEAD). */
const STATUS_NAMES: Record<number, string> = { 301: 'MovedPermanently', 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound' };

/** The error S3's answer describes: the XML body's Code and Message when it has them. */
export function errorFromResponse(response: S3Response, method: string): S3HttpError {
  const text = method === 'HEAD' ? '' : response.body.toString('utf8');
  const code = xmlText(text, 'Code');
  const name = code ?? STATUS_NAMES[response.status] ?? 'UnknownError';
  const message = xmlText(text, 'Message') ?? code ?? name;
  const error = new Error(message) as S3HttpError;
  error.name = name;
  if (code) error.Code = code;
  error.$fault = response.status >= 500 ? 'server' : 'client';
  const requestId = response.headers['x-amz-request-id'];
  error.$metadata = { httpStatusCode: response.status, ...(typeof requestId === 'string' ? { requestId } : {}) };
  return error;
}
