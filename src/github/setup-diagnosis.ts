import type { RoleTrustLookup } from '../aws/iam-roles.js';
import { judgeTrustPolicy } from '../aws/trust-policy.js';
import type { EnvironmentConfig } from '../config/config-schema.js';
import { ENVIRONMENT_TARGET_VARIABLES } from '../config/environment-targets.js';
import type { Environment } from '../primitives/task-types.js';
import type { BranchPolicyPattern, EnvironmentLookup, OidcSubjectTemplate } from './github-api.js';
import { checkProductionProtection, targetsGated } from './production-gate.js';

/*
 * `handoff doctor`: the GitHub side of the trust model, item by item. Everything here is judged
 * from answers of the REST API (settings only admins change) and handoff.yml; nothing is fetched
 * here, so each rule is a pure function with table tests.
 */

/** ok: in place; missing: a gate is open until it is fixed; warning: works, but weaker than it should be; not-checked: the API did not say. */
export type DoctorStatus = 'ok' | 'missing' | 'warning' | 'not-checked';

export interface DoctorItem {
  /** A stable name: `oidc-subject`, `environment:<name>`, `reviewers:<name>`, `branches:<name>`, `variables:<name>`. */
  check: string;
  status: DoctorStatus;
  /** What was found, in one sentence. */
  detail: string;
  /** The exact step that fixes it (a `gh` command or the settings page), when something is to be done. */
  fix?: string;
}

/** An answer the API could not give (no permission, a network fault): recorded, never read as "absent". */
export interface ApiFailure {
  error: string;
}

/** What doctor learned about one GitHub environment a site of handoff.yml deploys to. */
export interface EnvironmentFacts {
  /** The GitHub environment's name (`production`, `production-<site>` with several sites). */
  githubEnvironment: string;
  environment: Environment;
  /** Where handoff.yml keeps its settings, e.g. `environments.production`. */
  settingsPath: string;
  /** handoff.yml's settings for it (empty when it states none). */
  configured: EnvironmentConfig;
  lookup: EnvironmentLookup | ApiFailure;
  branchPolicies: BranchPolicyPattern[] | undefined | ApiFailure;
  variables: Record<string, string> | undefined | ApiFailure;
  /** The trust policy of the role HANDOFF_ROLE_ARN names, when AWS credentials let doctor read it. */
  roleTrust?: RoleTrustLookup;
}

export interface SetupFacts {
  /** owner/name. */
  repository: string;
  /** The branches whose tasks the workflow runs (handoff.yml workflow.branches, default main). */
  workflowBranches: string[];
  oidc: OidcSubjectTemplate | undefined | ApiFailure;
  environments: EnvironmentFacts[];
  /**
   * The reusable workflows the repository's workflows call (`owner/repo/.github/workflows/file.yml@ref`),
   * whose tokens a deploy role should admit.
   */
  deployWorkflowRefs: string[];
}

type TargetVariable = (typeof ENVIRONMENT_TARGET_VARIABLES)[keyof typeof ENVIRONMENT_TARGET_VARIABLES];

/** Each variable of a GitHub environment that states a deploy target, and the handoff.yml key it answers for (the deploy's own table, read backwards). */
const TARGET_VARIABLES = Object.fromEntries(Object.entries(ENVIRONMENT_TARGET_VARIABLES).map(([key, variable]) => [variable, key])) as Record<TargetVariable, keyof EnvironmentConfig>;

/** Without these a gated environment has nowhere to deploy and no role to assume. */
const REQUIRED_TARGET_VARIABLES: readonly TargetVariable[] = ['HANDOFF_BUCKET', 'HANDOFF_ROLE_ARN'];

/** The claims the deploy role's trust policy must be able to see in `sub`: the environment and the pinned reusable workflow. */
export const REQUIRED_SUBJECT_CLAIMS = ['repo', 'context', 'job_workflow_ref'] as const;

const isFailure = (value: unknown): value is ApiFailure => typeof value === 'object' && value !== null && 'error' in value;

/** Every item, in the order an admin would fix them: the token's subject, then each environment. */
export function diagnoseSetup(facts: SetupFacts): DoctorItem[] {
  const gated = facts.environments.filter((environment) => isGated(environment));
  return [
    oidcSubjectItem(facts),
    ...facts.environments.flatMap((environment) => environmentItems(facts, environment, gated.includes(environment))),
  ];
}

/**
 * Production always; staging when its environment has required reviewers (a reviewer's approval
 * would mean nothing if the target could still come from the push).
 */
function isGated(environment: EnvironmentFacts): boolean {
  return targetsGated(environment.environment, environment.lookup);
}

/**
 * The `sub` a job's OIDC token carries under the repository's template. `context` is GitHub's:
 * `environment:NAME` for a job with an environment, else `ref:refs/heads/BRANCH` (a push) and so on.
 */
export function oidcSubject(repository: string, context: string, template: OidcSubjectTemplate | undefined, jobWorkflowRef = '<the reusable deploy workflow>@<ref>'): string {
  if (!template || template.useDefault) return `repo:${repository}:${context}`;
  return template.includeClaimKeys
    .map((key) => {
      if (key === 'repo') return `repo:${repository}`;
      if (key === 'context') return context;
      if (key === 'job_workflow_ref') return `job_workflow_ref:${jobWorkflowRef}`;
      return `${key}:<${key}>`;
    })
    .join(':');
}

/** The `sub` a deploy job of this environment carries under the repository's template. */
export function deploySubject(repository: string, githubEnvironment: string, template: OidcSubjectTemplate | undefined, jobWorkflowRef?: string): string {
  return oidcSubject(repository, `environment:${githubEnvironment}`, template, jobWorkflowRef);
}

function oidcSubjectItem(facts: SetupFacts): DoctorItem {
  const check = 'oidc-subject';
  const keys = JSON.stringify({ use_default: false, include_claim_keys: REQUIRED_SUBJECT_CLAIMS });
  const fix = `gh api -X PUT repos/${facts.repository}/actions/oidc/customization/sub --input - <<<'${keys}'  (then each deploy role's trust policy names the subject: see docs/github-setup.md)`;
  if (isFailure(facts.oidc)) return { check, status: 'not-checked', detail: `could not read the OIDC subject template (${facts.oidc.error}); the token needs administration: read on the repository`, fix };
  const template = facts.oidc;
  if (!template || template.useDefault) {
    return {
      check,
      status: 'missing',
      detail: `the OIDC subject is GitHub's default (repo:${facts.repository}:environment:NAME): any workflow of the repository, one the agent pushed included, gets a token the deploy role accepts once its job names the environment`,
      fix,
    };
  }
  const absent = REQUIRED_SUBJECT_CLAIMS.filter((key) => !template.includeClaimKeys.includes(key));
  if (absent.length > 0) {
    return { check, status: 'missing', detail: `the OIDC subject template includes ${template.includeClaimKeys.join(', ') || 'no claims'}; missing ${absent.join(', ')}`, fix };
  }
  const example = facts.environments.find((environment) => environment.environment === 'production')?.githubEnvironment ?? 'production';
  return { check, status: 'ok', detail: `the OIDC subject names the environment and the reusable workflow: ${deploySubject(facts.repository, example, template)}` };
}

function environmentItems(facts: SetupFacts, environment: EnvironmentFacts, gated: boolean): DoctorItem[] {
  const name = environment.githubEnvironment;
  const { lookup } = environment;
  if (isFailure(lookup)) {
    return [{ check: `environment:${name}`, status: 'not-checked', detail: `could not read the GitHub environment "${name}" (${lookup.error}); the token needs actions: read`, fix: 'run doctor with a token that may read the repository\'s environments (GITHUB_TOKEN or GH_TOKEN)' }];
  }
  if (!lookup.found) {
    return [
      {
        check: `environment:${name}`,
        status: gated ? 'missing' : 'warning',
        detail: `the GitHub environment "${name}" does not exist${gated ? ': nothing waits for a reviewer and no variables say where it deploys' : ' (GitHub creates it on the first run, without protection)'}`,
        fix: `gh api -X PUT repos/${facts.repository}/environments/${name}`,
      },
    ];
  }
  const items: DoctorItem[] = [{ check: `environment:${name}`, status: 'ok', detail: `the GitHub environment "${name}" exists` }];
  if (environment.environment === 'production') items.push(reviewersItem(environment, lookup));
  if (gated) {
    items.push(branchesItem(facts, environment, lookup));
    items.push(variablesItem(facts, environment));
    items.push(trustPolicyItem(facts, environment));
  }
  return items;
}

function reviewersItem(environment: EnvironmentFacts, lookup: EnvironmentLookup): DoctorItem {
  const name = environment.githubEnvironment;
  const variables = isFailure(environment.variables) ? undefined : environment.variables;
  // Only the environment's own variable may accept an unprotected production: handoff.yml is the agent's to write.
  const allowUnprotected = variables?.HANDOFF_ALLOW_UNPROTECTED === 'true';
  const verdict = checkProductionProtection(name, lookup, allowUnprotected, `the environment variable HANDOFF_ALLOW_UNPROTECTED of "${name}"`);
  const check = `reviewers:${name}`;
  if (verdict.kind === 'protected') {
    return verdict.warning
      ? { check, status: 'warning', detail: `${verdict.reviewers} required reviewer(s); ${verdict.warning}`, fix: `Settings → Environments → ${name} → uncheck "Allow administrators to bypass configured protection rules"` }
      : { check, status: 'ok', detail: `${verdict.reviewers} required reviewer(s) approve each deploy` };
  }
  if (verdict.kind === 'allowed-unprotected') return { check, status: 'warning', detail: verdict.warning };
  return { check, status: 'missing', detail: verdict.message.replace(/^production deploy refused: /, ''), fix: `Settings → Environments → ${name} → Required reviewers (add at least one person or team)` };
}

/** `*` or `**` lets every branch through, the agent's `claude/*` branches included. */
const MATCHES_EVERY_BRANCH = /^\*+$/;

function branchesItem(facts: SetupFacts, environment: EnvironmentFacts, lookup: EnvironmentLookup & { found: true }): DoctorItem {
  const name = environment.githubEnvironment;
  const check = `branches:${name}`;
  const wanted = facts.workflowBranches;
  const customFix = [
    `gh api -X PUT repos/${facts.repository}/environments/${name} --input - <<<'{"deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true}}'`,
    ...wanted.map((branch) => `gh api -X POST repos/${facts.repository}/environments/${name}/deployment-branch-policies -f name=${branch} -f type=branch`),
  ].join(' && ');
  const policy = lookup.deploymentBranchPolicy;
  if (policy === undefined) return { check, status: 'not-checked', detail: `the API gave no deployment_branch_policy for "${name}"`, fix: customFix };
  if (policy === null) {
    return { check, status: 'missing', detail: `every branch may deploy to "${name}" (no deployment branch rule), so a job on any branch the agent pushes can ask for its reviewers and role`, fix: customFix };
  }
  if (policy.protectedBranches) {
    return { check, status: 'ok', detail: `only protected branches may deploy to "${name}" (make sure ${wanted.join(', ')} ${wanted.length > 1 ? 'are' : 'is'} protected and no agent branch is)` };
  }
  const patterns = environment.branchPolicies;
  if (isFailure(patterns)) return { check, status: 'not-checked', detail: `could not list the deployment branch rules of "${name}" (${patterns.error})` };
  const names = (patterns ?? []).filter((pattern) => pattern.type === 'branch').map((pattern) => pattern.name);
  const open = names.filter((pattern) => MATCHES_EVERY_BRANCH.test(pattern));
  if (open.length > 0) return { check, status: 'missing', detail: `the rule ${open.map((pattern) => `"${pattern}"`).join(', ')} lets every branch deploy to "${name}"`, fix: `Settings → Environments → ${name} → Deployment branches: replace ${open.join(', ')} by ${wanted.join(', ')}` };
  const uncovered = wanted.filter((branch) => !names.some((pattern) => branchMatches(pattern, branch)));
  if (uncovered.length > 0) {
    return { check, status: 'missing', detail: `the deployment branch rules of "${name}" (${names.join(', ') || 'none'}) do not allow ${uncovered.join(', ')}, where the workflow runs tasks`, fix: customFix };
  }
  return { check, status: 'ok', detail: `only ${names.join(', ')} may deploy to "${name}"` };
}

/**
 * GitHub's branch patterns are Ruby's File.fnmatch: `*` stays within one path segment, `**` crosses
 * them. Written here because these patterns are a handful of characters, so a regular expression
 * of the same meaning is exact and needs no library.
 */
export function branchMatches(pattern: string, branch: string): boolean {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index] as string;
    if (character === '*' && pattern[index + 1] === '*') {
      source += '.*';
      index += 1;
    } else if (character === '*') source += '[^/]*';
    else if (character === '?') source += '[^/]';
    else source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(branch);
}

function variablesItem(facts: SetupFacts, environment: EnvironmentFacts): DoctorItem {
  const name = environment.githubEnvironment;
  const check = `variables:${name}`;
  const { variables } = environment;
  if (isFailure(variables)) return { check, status: 'not-checked', detail: `could not read the variables of "${name}" (${variables.error})` };
  const present = variables ?? {};
  const configuredValue = (variable: TargetVariable): string | undefined => {
    const value = environment.configured[TARGET_VARIABLES[variable]];
    return value === undefined ? undefined : String(value);
  };
  const setCommand = (variable: TargetVariable) => `gh variable set ${variable} --env ${name} --repo ${facts.repository} --body '${configuredValue(variable) ?? `<${TARGET_VARIABLES[variable]}>`}'`;
  const missing = REQUIRED_TARGET_VARIABLES.filter((variable) => !present[variable]);
  // handoff.yml stating a value the environment does not: the deploy job would refuse it.
  const unstated = (Object.keys(TARGET_VARIABLES) as TargetVariable[]).filter((variable) => !REQUIRED_TARGET_VARIABLES.includes(variable) && configuredValue(variable) !== undefined && present[variable] === undefined && variable !== 'HANDOFF_ALLOW_UNPROTECTED');
  const differing = (Object.keys(TARGET_VARIABLES) as TargetVariable[]).filter((variable) => present[variable] !== undefined && configuredValue(variable) !== undefined && present[variable] !== configuredValue(variable));
  const problems = [
    ...missing.map((variable) => `${variable} is not set`),
    ...unstated.map((variable) => `${environment.settingsPath}.${TARGET_VARIABLES[variable]} is "${configuredValue(variable)}" in handoff.yml but ${variable} is not set`),
    ...differing.map((variable) => `${variable} is "${present[variable]}" but ${environment.settingsPath}.${TARGET_VARIABLES[variable]} in handoff.yml is "${configuredValue(variable)}" (the deploy would be refused)`),
  ];
  const roleArn = present.HANDOFF_ROLE_ARN;
  if (roleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn)) problems.push(`HANDOFF_ROLE_ARN is "${roleArn}", not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
  if (problems.length === 0) {
    const stated = (Object.keys(TARGET_VARIABLES) as TargetVariable[]).filter((variable) => present[variable] !== undefined);
    return { check, status: 'ok', detail: `where "${name}" deploys comes from its environment variables (${stated.join(', ')})` };
  }
  const fixes = [...new Set([...missing, ...unstated, ...differing])].map(setCommand);
  return {
    check,
    status: 'missing',
    detail: `${problems.join('; ')}: without them the deploy target would come from the repository, which the agent can change`,
    ...(fixes.length > 0 ? { fix: fixes.join(' && ') } : {}),
  };
}

/** The audience configure-aws-credentials asks for, which the shipped trust policies require. */
const AWS_AUDIENCE = 'sts.amazonaws.com';

/**
 * The job_workflow_ref a token carries for a `uses:` reference: a full commit SHA stands as it is;
 * a name is a tag or a branch, which only GitHub knows, so both forms are tried.
 */
export function jobWorkflowRefs(uses: string): string[] {
  const at = uses.lastIndexOf('@');
  const [file, ref] = [uses.slice(0, at), uses.slice(at + 1)];
  if (/^[0-9a-f]{40}$/.test(ref)) return [`${file}@${ref}`];
  return [`${file}@refs/tags/${ref}`, `${file}@refs/heads/${ref}`];
}

function trustPolicyItem(facts: SetupFacts, environment: EnvironmentFacts): DoctorItem {
  const name = environment.githubEnvironment;
  const check = `trust-policy:${name}`;
  const variables = isFailure(environment.variables) ? undefined : environment.variables;
  const roleArn = variables?.HANDOFF_ROLE_ARN;
  const template = isFailure(facts.oidc) ? undefined : facts.oidc;
  const expected = deploySubject(facts.repository, name, template, facts.deployWorkflowRefs[0] ? jobWorkflowRefs(facts.deployWorkflowRefs[0])[0] : undefined);
  const fix = `the role's trust policy must allow sts:AssumeRoleWithWebIdentity for aud ${AWS_AUDIENCE} and sub ${expected} only (docs/github-setup.md, 1.2)`;
  if (!roleArn) return { check, status: 'not-checked', detail: `no HANDOFF_ROLE_ARN on "${name}" to read the trust policy of`, fix };
  const trust = environment.roleTrust;
  if (!trust) return { check, status: 'not-checked', detail: `no AWS credentials to read the trust policy of ${roleArn} (iam:GetRole); run doctor with AWS credentials (AWS_PROFILE, or keys in the environment) to check it`, fix };
  if ('error' in trust) return { check, status: 'not-checked', detail: `could not read the trust policy of ${roleArn}: ${trust.error}`, fix };
  if (!trust.found) return { check, status: 'missing', detail: `the role ${roleArn} does not exist`, fix };
  const judge = (sub: string) => judgeTrustPolicy(trust.document, { sub, aud: AWS_AUDIENCE });
  // A workflow the agent pushed to this repository, with a job in the environment, approved by mistake.
  const agentWritten = deploySubject(facts.repository, name, template, `${facts.repository}/.github/workflows/agent-written.yml@refs/heads/main`);
  const plain = `repo:${facts.repository}:environment:${name}`;
  const problems: string[] = [];
  for (const [subject, who] of [
    [agentWritten, 'a workflow written in this repository'],
    [plain, "a token in GitHub's default subject format"],
  ] as const) {
    const verdict = judge(subject);
    if (verdict === 'admits') problems.push(`it admits ${who} (sub ${subject})`);
    if (verdict === 'unknown') return { check, status: 'not-checked', detail: `the trust policy of ${roleArn} uses conditions doctor cannot judge; compare it by hand`, fix };
  }
  const pinned = facts.deployWorkflowRefs.flatMap(jobWorkflowRefs);
  if (pinned.length > 0 && !pinned.some((ref) => judge(deploySubject(facts.repository, name, template, ref)) === 'admits')) {
    problems.push(`it refuses the pinned deploy workflow (sub ${expected}), so deploys would fail`);
  }
  if (problems.length > 0) return { check, status: 'missing', detail: `the trust policy of ${roleArn}: ${problems.join('; ')}`, fix };
  return {
    check,
    status: 'ok',
    detail: pinned.length > 0 ? `the trust policy of ${roleArn} admits only the pinned deploy workflow (${facts.deployWorkflowRefs.join(', ')})` : `the trust policy of ${roleArn} refuses workflows written in the repository (no reusable deploy workflow found in .github/workflows to check the admitted one)`,
  };
}
