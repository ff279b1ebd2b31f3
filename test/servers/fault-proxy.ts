import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export type ProxyAction =
  | { kind: 'forward' }
  /** Answer with this status and body instead of forwarding (an S3 error XML, say). */
  | { kind: 'respond'; status: number; body: string; headers?: Record<string, string> }
  /** Destroy the client's connection before anything is forwarded. */
  | { kind: 'reset' }
  /** Forward, let the upstream do the work, then destroy the connection instead of answering. */
  | { kind: 'reset-after' };

/** One request as the proxy saw it, in arrival order. */
export interface ProxiedRequest {
  seq: number;
  method: string;
  /** Path without the query string, decoded. */
  path: string;
  query: URLSearchParams;
  action: ProxyAction['kind'];
  /** The status returned to the client; undefined when the connection was reset. */
  status?: number;
}

export interface ProxyOptions {
  /** Where forwarded requests go, e.g. `http://127.0.0.1:4568`. Optional when every request is answered by `decide`. */
  target?: string;
  decide?: (req: http.IncomingMessage, seq: number) => ProxyAction;
  /** Told of each request as it is recorded, so a test can await one instead of polling. */
  onRequest?: (request: ProxiedRequest) => void;
}

export interface RunningProxy {
  endpoint: string;
  port: number;
  requests: ProxiedRequest[];
  stop(): Promise<void>;
}

/**
 * A small HTTP proxy on 127.0.0.1 that can forward, answer, or drop each request. It underlies the
 * S3 server's request counter and the fault injector, so both see requests exactly as the SDK
 * sent them.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const requests: ProxiedRequest[] = [];
  const target = options.target ? new URL(options.target) : undefined;
  const upstreamAgent = new http.Agent({ keepAlive: true });
  let seq = 0;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    const action = options.decide?.(req, seq) ?? { kind: 'forward' };
    const record: ProxiedRequest = {
      seq: seq++,
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      action: action.kind,
    };
    requests.push(record);
    options.onRequest?.(record);

    if (action.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (action.kind === 'respond') {
      req.resume();
      req.on('end', () => {
        record.status = action.status;
        res.writeHead(action.status, {
          'content-type': 'application/xml',
          'content-length': Buffer.byteLength(action.body),
          ...action.headers,
        });
        res.end(action.body);
      });
      return;
    }
    if (!target) {
      record.status = 502;
      res.writeHead(502).end();
      return;
    }
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: upstreamAgent,
      },
      (upstreamRes) => {
        if (action.kind === 'reset-after') {
          upstreamRes.resume();
          upstreamRes.on('end', () => req.socket.destroy());
          return;
        }
        record.status = upstreamRes.statusCode;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        upstreamAgent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A deterministic PRNG (mulberry32), so a seeded fault run fails the same requests every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function s3ErrorXml(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULT</RequestId></Error>`
  );
}

export type FaultKind = 'slowdown' | 'reset' | 'reset-after';

export interface FaultProxyOptions {
  target: string;
  seed: number;
  /** Share of requests that fail, 0..1. */
  rate: number;
  kinds: FaultKind[];
}

export interface FaultProxy extends RunningProxy {
  /** How many requests got each fault. */
  faults: Record<FaultKind, number>;
}

/**
 * A proxy in front of the S3 server that fails a seeded share of requests with 503 SlowDown or a
 * connection reset, so retry and convergence behaviour can be tested without real network trouble.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const faults: Record<FaultKind, number> = { slowdown: 0, reset: 0, 'reset-after': 0 };
  const proxy = await startProxy({
    target: options.target,
    decide: () => {
      if (random() >= options.rate || options.kinds.length === 0) return { kind: 'forward' };
      const kind = options.kinds[Math.floor(random() * options.kinds.length)] ?? 'slowdown';
      faults[kind]++;
      if (kind === 'slowdown') {
        return {
          kind: 'respond',
          status: 503,
          body: s3ErrorXml('SlowDown', 'Please reduce your request rate.'),
        };
      }
      return { kind };
    },
  });
  return { ...proxy, faults };
}

/** A proxy that answers every request with 403 AccessDenied, as S3 does for a key without rights. */
export function startAccessDeniedProxy(): Promise<RunningProxy> {
  return startProxy({
    decide: () => ({
      kind: 'respond',
      status: 403,
      body: s3ErrorXml('AccessDenied', 'Access Denied'),
    }),
  });
}
