import type { components } from '@octokit/openapi-types';
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
export async function startGitHubApi(answer: (method: string, path: string, body: unknown) => ApiAnswer | undefined): Promise<TestGitHubApi> {
  const requests: string[] = [];
  const bodies: unknown[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`.trim());
      const body: unknown = text ? JSON.parse(text) : null;
      bodies.push(body);
      const reply = answer(request.method ?? 'GET', request.url ?? '/', body) ?? { status: 404, body: { message: 'Not Found' } };
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

type Schemas = components['schemas'];
/**
 * The answers below carry the fields handoff reads, typed as GitHub's OpenAPI description types
 * them (a renamed or retyped field fails the typecheck), with the rest of GitHub's answer left out.
 */
type PullRequestAnswer = Pick<Schemas['pull-request-simple'], 'number' | 'html_url' | 'state'> & {
  head: Pick<Schemas['pull-request-simple']['head'], 'ref' | 'sha' | 'label'> & { repo: Pick<Schemas['repository'], 'full_name' | 'fork'> };
};
type DeploymentAnswer = Pick<Schemas['deployment'], 'id' | 'ref' | 'environment' | 'description' | 'transient_environment' | 'production_environment' | 'created_at'>;
type DeploymentStatusAnswer = Pick<Schemas['deployment-status'], 'id' | 'state' | 'environment_url' | 'log_url' | 'description'>;
type IssueCommentAnswer = Pick<Schemas['issue-comment'], 'id' | 'body' | 'html_url'>;

export interface PullRequestState {
  pulls: PullRequestAnswer[];
  deployments: DeploymentAnswer[];
  statuses: Map<number, DeploymentStatusAnswer[]>;
  comments: Map<number, IssueCommentAnswer[]>;
}

export function pullRequestAnswer(number: number, head: { ref: string; sha: string; repository: string }): PullRequestAnswer {
  return {
    number,
    html_url: `https://github.com/acme/handoff-site/pull/${number}`,
    state: 'open',
    head: { ref: head.ref, sha: head.sha, label: `${head.repository.split('/')[0]}:${head.ref}`, repo: { full_name: head.repository, fork: head.repository !== 'acme/handoff-site' } },
  };
}

/**
 * api.github.com for a pull request's preview: open pull requests by head, deployments and their
 * statuses, and issue comments (paged as GitHub pages them), kept in `state` so a test reads what
 * the workflow left behind.
 */
export async function pullRequestsApi(state: PullRequestState) {
  let nextId = 9000;
  return startGitHubApi((method, rawPath, body) => {
    const url = new URL(rawPath, 'http://api');
    const route = url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '');
    const input = (body ?? {}) as Record<string, unknown>;
    if (method === 'GET' && route === '/pulls') {
      const [owner, branch] = (url.searchParams.get('head') ?? '').split(/:(.*)/s);
      const open = state.pulls.filter((pull) => pull.state === 'open' && pull.head.ref === branch && pull.head.repo.full_name.startsWith(`${owner}/`));
      return { status: 200, body: open };
    }
    if (method === 'POST' && route === '/deployments') {
      const deployment: DeploymentAnswer = {
        id: ++nextId,
        ref: String(input.ref),
        environment: String(input.environment),
        description: typeof input.description === 'string' ? input.description : null,
        transient_environment: input.transient_environment === true,
        production_environment: input.production_environment === true,
        created_at: new Date().toISOString(),
      };
      state.deployments.unshift(deployment);
      return { status: 201, body: deployment };
    }
    if (method === 'GET' && route === '/deployments') {
      return { status: 200, body: state.deployments.filter((deployment) => deployment.environment === url.searchParams.get('environment')) };
    }
    const statuses = /^\/deployments\/(\d+)\/statuses$/.exec(route);
    if (method === 'POST' && statuses) {
      const id = Number(statuses[1]);
      if (!state.deployments.some((deployment) => deployment.id === id)) return undefined;
      const status: DeploymentStatusAnswer = {
        id: ++nextId,
        state: input.state as DeploymentStatusAnswer['state'],
        environment_url: typeof input.environment_url === 'string' ? input.environment_url : '',
        log_url: typeof input.log_url === 'string' ? input.log_url : '',
        description: typeof input.description === 'string' ? input.description : '',
      };
      state.statuses.set(id, [status, ...(state.statuses.get(id) ?? [])]);
      return { status: 201, body: status };
    }
    const issueComments = /^\/issues\/(\d+)\/comments$/.exec(route);
    if (issueComments) {
      const issue = Number(issueComments[1]);
      const list = state.comments.get(issue) ?? [];
      if (method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return { status: 200, body: list.slice((page - 1) * perPage, page * perPage) };
      }
      if (method === 'POST') {
        const comment: IssueCommentAnswer = { id: ++nextId, body: String(input.body), html_url: `https://github.com/acme/handoff-site/pull/${issue}#issuecomment-${nextId}` };
        state.comments.set(issue, [...list, comment]);
        return { status: 201, body: comment };
      }
    }
    const comment = /^\/issues\/comments\/(\d+)$/.exec(route);
    if (method === 'PATCH' && comment) {
      for (const list of state.comments.values()) {
        const found = list.find((entry) => entry.id === Number(comment[1]));
        if (found) {
          found.body = String(input.body);
          return { status: 200, body: found };
        }
      }
    }
    return undefined;
  });
}
