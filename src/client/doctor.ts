import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RoleTrustReader } from '../aws/iam-roles.js';
import type { HandoffConfig } from '../config/config-schema.js';
import { environmentOf, environmentPath, githubEnvironmentFor, sitesOf } from '../config/sites.js';
import type { GitHubSetupApi } from '../github/github-api.js';
import { diagnoseSetup, type ApiFailure, type DoctorItem, type DoctorStatus, type EnvironmentFacts } from '../github/setup-diagnosis.js';
import { ENVIRONMENTS } from '../primitives/task-types.js';

export interface DoctorOptions {
  /** handoff.yml as the repository has it (its values are compared with the environments' variables). */
  config: HandoffConfig;
  /** owner/name. */
  repository: string;
  api: GitHubSetupApi;
  /** The repository's root, whose .github/workflows name the reusable deploy workflow they call. */
  root: string;
  /** Reads a role's trust policy (iam:GetRole); absent without AWS credentials, and that item is not checked. */
  readRoleTrust?: RoleTrustReader;
}

export interface DoctorReport {
  repository: string;
  /** True when no item is missing: every gate the trust model needs is in place (warnings aside). */
  ok: boolean;
  counts: Record<DoctorStatus, number>;
  items: DoctorItem[];
}

/** The workflow's own default: tasks pushed to main. */
const DEFAULT_WORKFLOW_BRANCHES = ['main'];

/**
 * `handoff doctor`: reads the repository's settings through the REST API (environments, their
 * reviewers, deployment branches and variables, the OIDC subject template) and says, item by
 * item, what the trust model still lacks. Reads only; an answer the API refuses is an item of its
 * own, never taken as "absent".
 */
export async function diagnoseRepository(options: DoctorOptions): Promise<DoctorReport> {
  const { config, api } = options;
  const attempt = <T>(read: () => Promise<T>): Promise<T | ApiFailure> => read().catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
  // Every environment every site deploys to, once per GitHub environment (dev and staging are shared by sites).
  const wanted = new Map<string, Omit<EnvironmentFacts, 'lookup' | 'branchPolicies' | 'variables'>>();
  const sites = sitesOf(config);
  for (const site of sites) {
    for (const environment of ENVIRONMENTS) {
      const githubEnvironment = githubEnvironmentFor(config, site, environment);
      if (wanted.has(githubEnvironment)) continue;
      // A shared environment has one set of variables: handoff.yml's values are compared only where one site owns it.
      const owned = sites.length === 1 || githubEnvironment !== environment;
      wanted.set(githubEnvironment, { githubEnvironment, environment, settingsPath: environmentPath(site, environment), configured: owned ? (environmentOf(site, environment) ?? {}) : {} });
    }
  }
  const [oidc, ...environments] = await Promise.all([
    attempt(() => api.getOidcSubjectTemplate()),
    ...[...wanted.values()].map(async (facts): Promise<EnvironmentFacts> => {
      const [lookup, branchPolicies, variables] = await Promise.all([
        attempt(() => api.getEnvironment(facts.githubEnvironment)),
        attempt(() => api.listDeploymentBranchPolicies(facts.githubEnvironment)),
        attempt(() => api.listEnvironmentVariables(facts.githubEnvironment)),
      ]);
      const roleArn = variables && !('error' in variables) ? variables.HANDOFF_ROLE_ARN : undefined;
      const roleTrust = roleArn && options.readRoleTrust ? await options.readRoleTrust(roleArn) : undefined;
      return { ...facts, lookup, branchPolicies, variables, ...(roleTrust ? { roleTrust } : {}) };
    }),
  ]);
  const items = diagnoseSetup({
    repository: options.repository,
    workflowBranches: config.workflow?.branches ?? DEFAULT_WORKFLOW_BRANCHES,
    oidc: oidc as Awaited<ReturnType<GitHubSetupApi['getOidcSubjectTemplate']>> | ApiFailure,
    environments: environments as EnvironmentFacts[],
    deployWorkflowRefs: await reusableWorkflowsCalled(options.root),
  });
  const counts: Record<DoctorStatus, number> = { ok: 0, missing: 0, warning: 0, 'not-checked': 0 };
  for (const item of items) counts[item.status] += 1;
  return { repository: options.repository, ok: counts.missing === 0, counts, items };
}

/** A job's `uses:` of a workflow in another repository, pinned by ref (a local ./.github one is the push's to change). */
const REUSABLE_WORKFLOW_USE = /^\s*uses:\s*['"]?([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/\.github\/workflows\/[A-Za-z0-9_.-]+\.ya?ml@[A-Za-z0-9_./-]+)/;

/** The reusable workflows the repository's workflows call, in file order, each once. */
export async function reusableWorkflowsCalled(root: string): Promise<string[]> {
  const folder = path.join(root, '.github', 'workflows');
  const names = await readdir(folder).catch(() => [] as string[]);
  const found = new Set<string>();
  for (const name of names.filter((entry) => /\.ya?ml$/.test(entry)).sort()) {
    const text = await readFile(path.join(folder, name), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const match = REUSABLE_WORKFLOW_USE.exec(line);
      if (match?.[1]) found.add(match[1]);
    }
  }
  return [...found];
}
