import type { components, operations } from '@octokit/openapi-types';
import { restRequester, type GitHubApiOptions } from './rest-request.js';

/** One protection rule of a GitHub environment, as the REST API lists it. */
export interface ProtectionRule {
  type: string;
  /** For `required_reviewers`: how many users or teams may approve. */
  reviewers?: number;
}

/**
 * Which branches may deploy to an environment: `null` is GitHub's "no restriction" (any branch,
 * the agent's included); otherwise protected branches only, or the named patterns.
 */
export type DeploymentBranchPolicy = { protectedBranches: boolean; customBranchPolicies: boolean } | null;

export type EnvironmentLookup =
  | { found: true; protectionRules: ProtectionRule[]; canAdminsBypass: boolean | undefined; deploymentBranchPolicy?: DeploymentBranchPolicy }
  | { found: false };

/** The repository's template for the OIDC token's `sub` claim (GET …/actions/oidc/customization/sub). */
export interface OidcSubjectTemplate {
  useDefault: boolean;
  includeClaimKeys: string[];
  /** What GitHub says the `sub` starts with now, where it says so. */
  subClaimPrefix?: string;
}

/** A branch or tag pattern allowed to deploy to an environment. */
export interface BranchPolicyPattern {
  name: string;
  type: 'branch' | 'tag';
}

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
 * What `handoff doctor` reads of the repository's settings: answers only admins can change, so
 * the checks stand on ground the agent's pushes cannot move. Read-only.
 */
export interface GitHubSetupApi {
  /** GET /repos/{owner}/{repo}/environments/{name}; `found: false` on 404. */
  getEnvironment(name: string): Promise<EnvironmentLookup>;
  /** GET …/environments/{name}/deployment-branch-policies (every page); undefined on 404. */
  listDeploymentBranchPolicies(environment: string): Promise<BranchPolicyPattern[] | undefined>;
  /** GET …/environments/{name}/variables (every page) as name -> value; undefined on 404. */
  listEnvironmentVariables(environment: string): Promise<Record<string, string> | undefined>;
  /** GET /repos/{owner}/{repo}/actions/oidc/customization/sub; undefined on 404. */
  getOidcSubjectTemplate(): Promise<OidcSubjectTemplate | undefined>;
}

/**
 * A client for those calls over the shared REST requester.
 */
export function githubApiFor(settings: GitHubApiOptions): GitHubApi & GitHubSetupApi {
  const { request, fail } = restRequester(settings);
  /** Every page of a listing (undefined on 404), until a page comes back short. */
  const allPages = async <Page>(route: string, perPage: number, count: (page: Page) => number): Promise<Page[] | undefined> => {
    const pages: Page[] = [];
    // 100 pages of up to 100: far past any environment's policies or variables.
    for (let number = 1; number <= 100; number += 1) {
      const pageRoute = `${route}?per_page=${perPage}&page=${number}`;
      const response = await request('GET', pageRoute);
      if (response.status === 404) return undefined;
      if (!response.ok) return fail(response, `GET ${pageRoute}`);
      const page = (await response.json()) as Page;
      pages.push(page);
      if (count(page) < perPage) break;
    }
    return pages;
  };
  return {
    async getEnvironment(name) {
      const route = `/environments/${encodeURIComponent(name)}`;
      const response = await request('GET', route);
      if (response.status === 404) return { found: false };
      if (!response.ok) return fail(response, `GET ${route}`);
      const data = (await response.json()) as Partial<components['schemas']['environment']> & { can_admins_bypass?: unknown };
      const rules: Array<{ type?: unknown; reviewers?: unknown }> = Array.isArray(data.protection_rules) ? data.protection_rules : [];
      const policy = data.deployment_branch_policy;
      return {
        found: true,
        protectionRules: rules.map((rule) => ({
          type: typeof rule.type === 'string' ? rule.type : 'unknown',
          ...(Array.isArray(rule.reviewers) ? { reviewers: rule.reviewers.length } : {}),
        })),
        canAdminsBypass: typeof data.can_admins_bypass === 'boolean' ? data.can_admins_bypass : undefined,
        ...(policy === undefined
          ? {}
          : { deploymentBranchPolicy: policy === null ? null : { protectedBranches: policy.protected_branches === true, customBranchPolicies: policy.custom_branch_policies === true } }),
      };
    },
    async listDeploymentBranchPolicies(environment) {
      type Page = operations['repos/list-deployment-branch-policies']['responses'][200]['content']['application/json'];
      const pages = await allPages<Page>(`/environments/${encodeURIComponent(environment)}/deployment-branch-policies`, 100, (page) => page.branch_policies.length);
      return pages?.flatMap((page) => page.branch_policies.map((policy) => ({ name: String(policy.name ?? ''), type: policy.type === 'tag' ? ('tag' as const) : ('branch' as const) })));
    },
    async listEnvironmentVariables(environment) {
      type Page = operations['actions/list-environment-variables']['responses'][200]['content']['application/json'];
      // 30 is the most this endpoint gives a page.
      const pages = await allPages<Page>(`/environments/${encodeURIComponent(environment)}/variables`, 30, (page) => page.variables.length);
      return pages && Object.fromEntries(pages.flatMap((page) => page.variables.map((variable) => [variable.name, variable.value] as const)));
    },
    async getOidcSubjectTemplate() {
      const route = '/actions/oidc/customization/sub';
      const response = await request('GET', route);
      if (response.status === 404) return undefined;
      if (!response.ok) return fail(response, `GET ${route}`);
      const data = (await response.json()) as components['schemas']['oidc-custom-sub-repo'];
      return {
        useDefault: data.use_default !== false,
        includeClaimKeys: Array.isArray(data.include_claim_keys) ? data.include_claim_keys.map(String) : [],
        ...(typeof data.sub_claim_prefix === 'string' ? { subClaimPrefix: data.sub_claim_prefix } : {}),
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
