import { restRequester, type GitHubApiSettings } from './rest-request.js';

/** One protection rule of a GitHub environment, as the REST API lists it. */
export interface ProtectionRule {
  type: string;
  /** For `required_reviewers`: how many users or teams may approve. */
  reviewers?: number;
}

export type EnvironmentLookup =
  | { found: true; protectionRules: ProtectionRule[]; canAdminsBypass: boolean | undefined }
  | { found: false };

export interface WorkflowRunState {
  status: string;
  conclusion: string | null;
}

/**
 * The three questions handoff asks GitHub. Small on purpose: tests answer it with a local HTTP
 * server (the real client on the wire) or a two-line fake.
 */
export interface GitHubApi {
  /** GET /repos/{owner}/{repo}/environments/{name}; `found: false` on 404. */
  getEnvironment(name: string): Promise<EnvironmentLookup>;
  /** GET /repos/{owner}/{repo}/actions/runs/{id}; undefined on 404. */
  getWorkflowRun(runId: string): Promise<WorkflowRunState | undefined>;
  /** POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches. */
  dispatchWorkflow(workflow: string, ref: string): Promise<void>;
}

/**
 * A client for those calls over the shared REST requester.
 */
export function githubApiFor(settings: GitHubApiSettings): GitHubApi {
  const { request, fail } = restRequester(settings);
  return {
    async getEnvironment(name) {
      const route = `/environments/${encodeURIComponent(name)}`;
      const response = await request('GET', route);
      if (response.status === 404) return { found: false };
      if (!response.ok) return fail(response, `GET ${route}`);
      const data = (await response.json()) as { protection_rules?: unknown; can_admins_bypass?: unknown };
      const rules = Array.isArray(data.protection_rules) ? data.protection_rules : [];
      return {
        found: true,
        protectionRules: rules.map((rule: { type?: unknown; reviewers?: unknown }) => ({
          type: typeof rule.type === 'string' ? rule.type : 'unknown',
          ...(Array.isArray(rule.reviewers) ? { reviewers: rule.reviewers.length } : {}),
        })),
        canAdminsBypass: typeof data.can_admins_bypass === 'boolean' ? data.can_admins_bypass : undefined,
      };
    },
    async getWorkflowRun(runId) {
      const route = `/actions/runs/${encodeURIComponent(runId)}`;
      const response = await request('GET', route);
      if (response.status === 404) return undefined;
      if (!response.ok) return fail(response, `GET ${route}`);
      const data = (await response.json()) as { status?: unknown; conclusion?: unknown };
      return { status: String(data.status ?? 'unknown'), conclusion: typeof data.conclusion === 'string' ? data.conclusion : null };
    },
    async dispatchWorkflow(workflow, ref) {
      const route = `/actions/workflows/${encodeURIComponent(workflow)}/dispatches`;
      const response = await request('POST', route, { ref });
      if (!response.ok) await fail(response, `POST ${route}`);
    },
  };
}
