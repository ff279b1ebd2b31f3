/** An HTTP failure from the GitHub REST API (status 0: the request itself failed). */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GitHubApiError';
  }
}

export interface GitHubApiOptions {
  /** GITHUB_API_URL: https://api.github.com, a GHES /api/v3 URL, or a test server. */
  apiUrl: string;
  token: string;
  /** owner/name. */
  repository: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export type RestMethod = 'GET' | 'POST' | 'PATCH';

export interface RestRequester {
  /** One request below /repos/{owner}/{repo}; the response whatever its status (network failures throw). */
  request(method: RestMethod, route: string, body?: unknown): Promise<Response>;
  /** Throws the response's failure with GitHub's message. */
  fail(response: Response, what: string): Promise<never>;
}

/**
 * The one place handoff speaks to the REST API: fetch with GitHub's headers and a timeout.
 * Octokit (through @actions/github) would add a quarter of a megabyte and tens of milliseconds to
 * every cold start of the actions for a handful of requests.
 */
export function restRequester(settings: GitHubApiOptions): RestRequester {
  const doFetch = settings.fetch ?? globalThis.fetch;
  const base = `${settings.apiUrl.replace(/\/+$/, '')}/repos/${settings.repository}`;
  return {
    async request(method, route, body) {
      try {
        return await doFetch(`${base}${route}`, {
          method,
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${settings.token}`,
            'x-github-api-version': '2022-11-28',
            'user-agent': 'handoff-actions',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(settings.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new GitHubApiError(0, `${method} ${route}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    },
    async fail(response, what) {
      const text = await response.text().catch(() => '');
      let message = text.slice(0, 200);
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
      } catch {
        // not JSON: keep the text
      }
      throw new GitHubApiError(response.status, `${what}: HTTP ${response.status}${message ? ` ${message}` : ''}`);
    },
  };
}
