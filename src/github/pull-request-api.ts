import { restRequester, type GitHubApiOptions } from './rest-request.js';

/** A pull request as a preview needs it: where its head is, and whether it comes from this repository. */
export interface PullRequestHead {
  number: number;
  /** The head branch's name. */
  headRef: string;
  headSha: string;
  /** owner/name of the head's repository; null when that repository was deleted. A fork's differs from the base's. */
  headRepository: string | null;
  htmlUrl: string;
}

export type DeploymentState = 'success' | 'failure' | 'inactive' | 'in_progress';

/**
 * What a pull request preview asks GitHub: the open pull requests of a branch, deployments and
 * their statuses (what the PR's timeline and checks box show), and the one comment it keeps up
 * to date. Small, so tests answer it from recorded API answers on a local server.
 */
export interface PullRequestApi {
  /** GET /repos/{o}/{r}/pulls?state=open&head={owner}:{branch}: this repository's open pull requests from the branch. */
  openPullRequestsOf(branch: string): Promise<PullRequestHead[]>;
  /** POST /repos/{o}/{r}/deployments; the new deployment's id. */
  createDeployment(deployment: { ref: string; environment: string; description: string }): Promise<number>;
  /** POST /repos/{o}/{r}/deployments/{id}/statuses. */
  createDeploymentStatus(id: number, status: { state: DeploymentState; environmentUrl?: string; logUrl?: string; description: string }): Promise<void>;
  /** GET /repos/{o}/{r}/deployments?environment=…: the ids of the environment's deployments, newest first. */
  deploymentsOf(environment: string): Promise<number[]>;
  /** The id of the first comment on the issue or pull request whose body holds `marker`, if any (every page read). */
  findComment(issue: number, marker: string): Promise<number | undefined>;
  /** POST /repos/{o}/{r}/issues/{n}/comments. */
  createComment(issue: number, body: string): Promise<number>;
  /** PATCH /repos/{o}/{r}/issues/comments/{id}. */
  updateComment(id: number, body: string): Promise<void>;
}

const PAGE_SIZE = 100;
/** Comment pages read before giving up on finding the marker: 10,000 comments. */
const MAX_COMMENT_PAGES = 100;

export function pullRequestApiFor(settings: GitHubApiOptions): PullRequestApi {
  const { request, fail } = restRequester(settings);
  const owner = settings.repository.split('/')[0] ?? '';
  const json = async <T>(method: 'GET' | 'POST' | 'PATCH', route: string, body?: unknown): Promise<T> => {
    const response = await request(method, route, body);
    if (!response.ok) return fail(response, `${method} ${route.replace(/\?.*$/, '')}`);
    return (await response.json()) as T;
  };
  return {
    async openPullRequestsOf(branch) {
      const query = new URLSearchParams({ state: 'open', head: `${owner}:${branch}`, per_page: String(PAGE_SIZE) });
      const pulls = await json<Array<{ number: number; html_url: string; head: { ref: string; sha: string; repo: { full_name: string } | null } }>>('GET', `/pulls?${query}`);
      return pulls.map((pull) => ({
        number: pull.number,
        headRef: pull.head.ref,
        headSha: pull.head.sha,
        headRepository: pull.head.repo?.full_name ?? null,
        htmlUrl: pull.html_url,
      }));
    },
    async createDeployment(deployment) {
      const created = await json<{ id: number }>('POST', '/deployments', {
        ref: deployment.ref,
        environment: deployment.environment,
        description: deployment.description,
        transient_environment: true,
        production_environment: false,
        // The deploy already happened: merging the default branch in or waiting for this very
        // run's checks (every context is pending while it runs) would only refuse it.
        auto_merge: false,
        required_contexts: [],
      });
      return created.id;
    },
    async createDeploymentStatus(id, status) {
      await json('POST', `/deployments/${id}/statuses`, {
        state: status.state,
        description: status.description,
        ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
        ...(status.logUrl ? { log_url: status.logUrl } : {}),
        // An earlier deployment of the same environment is marked inactive by GitHub itself.
        ...(status.state === 'success' ? { auto_inactive: true } : {}),
      });
    },
    async deploymentsOf(environment) {
      const query = new URLSearchParams({ environment, per_page: String(PAGE_SIZE) });
      const deployments = await json<Array<{ id: number }>>('GET', `/deployments?${query}`);
      return deployments.map((deployment) => deployment.id);
    },
    async findComment(issue, marker) {
      for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
        const query = new URLSearchParams({ per_page: String(PAGE_SIZE), page: String(page) });
        const comments = await json<Array<{ id: number; body?: string }>>('GET', `/issues/${issue}/comments?${query}`);
        const found = comments.find((comment) => comment.body?.includes(marker));
        if (found) return found.id;
        if (comments.length < PAGE_SIZE) return undefined;
      }
      return undefined;
    },
    async createComment(issue, body) {
      return (await json<{ id: number }>('POST', `/issues/${issue}/comments`, { body })).id;
    },
    async updateComment(id, body) {
      await json('PATCH', `/issues/comments/${id}`, { body });
    },
  };
}
