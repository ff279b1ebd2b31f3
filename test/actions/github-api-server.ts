import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiAnswer {
  status: number;
  body?: unknown;
}

export interface TestGitHubApi {
  /** Give this as GITHUB_API_URL. */
  url: string;
  /** `METHOD /path Authorization` of each request, in order. */
  requests: string[];
  /** Request bodies, parsed, in order (null for none). */
  bodies: unknown[];
  stop(): Promise<void>;
}

/**
 * Stands in for api.github.com on 127.0.0.1 (port 0, so parallel tests never collide): answers
 * each request from `answer`, 404 when it returns nothing, and records what was asked.
 */
export async function startGitHubApi(answer: (method: string, path: string) => ApiAnswer | undefined): Promise<TestGitHubApi> {
  const requests: string[] = [];
  const bodies: unknown[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`.trim());
      bodies.push(text ? JSON.parse(text) : null);
      const reply = answer(request.method ?? 'GET', request.url ?? '/') ?? { status: 404, body: { message: 'Not Found' } };
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    bodies,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Answers GET /repos/{owner}/{repo}/environments/{name} from a table of environments. */
export function environmentsApi(environments: Record<string, object>) {
  return startGitHubApi((method, path) => {
    const match = /^\/repos\/[^/]+\/[^/]+\/environments\/([^/?]+)$/.exec(path);
    const environment = match ? environments[decodeURIComponent(match[1] ?? '')] : undefined;
    if (method !== 'GET' || !environment) return undefined;
    return { status: 200, body: { name: match?.[1], can_admins_bypass: false, ...environment } };
  });
}
