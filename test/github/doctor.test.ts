import path from 'node:path';
import type { components } from '@octokit/openapi-types';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubApi, type ApiAnswer, type TestGitHubApi } from '../actions/github-api-server.js';
import { makeTempRepo, PROJECT_ROOT, type TempRepo } from '../helpers/temp-repo.js';
import { branchMatches, deploySubject, diagnoseSetup, type EnvironmentFacts, type SetupFacts } from '../../src/github/setup-diagnosis.js';
import { repositoryOfRemote } from '../../src/settings/github-access.js';
import { judgeTrustPolicy } from '../../src/aws/trust-policy.js';
import { createSigner } from '../../src/aws/signature-v4.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * Recorded answers of the REST API, typed by GitHub's own OpenAPI description
 * (@octokit/openapi-types), so a shape the real API does not give fails to compile.
 */
type Environment = components['schemas']['environment'] & { can_admins_bypass?: boolean };
type Variable = components['schemas']['actions-variable'];
type BranchPolicy = components['schemas']['deployment-branch-policy'];
type OidcTemplate = components['schemas']['oidc-custom-sub-repo'];

const REPOSITORY = 'acme/site';
const reviewer: components['schemas']['simple-user'] = {
  login: 'reviewer', id: 7, node_id: 'U_7', avatar_url: '', gravatar_id: null, url: '', html_url: '', followers_url: '', following_url: '', gists_url: '',
  starred_url: '', subscriptions_url: '', organizations_url: '', repos_url: '', events_url: '', received_events_url: '', type: 'User', site_admin: false,
};

function environment(name: string, more: Partial<Environment> = {}): Environment {
  return {
    id: 1, node_id: 'EN_1', name, url: `https://api.github.com/repos/${REPOSITORY}/environments/${name}`, html_url: `https://github.com/${REPOSITORY}/deployments/activity_log?environments_filter=${name}`,
    created_at: '2026-11-01T10:00:00Z', updated_at: '2026-11-01T10:00:00Z', protection_rules: [], deployment_branch_policy: null, ...more,
  };
}
const reviewersRule = { id: 3755, node_id: 'GA_1', type: 'required_reviewers', prevent_self_review: true, reviewers: [{ type: 'User' as const, reviewer }] };
const variable = (name: string, value: string): Variable => ({ name, value, created_at: '2026-11-01T10:00:00Z', updated_at: '2026-11-01T10:00:00Z' });

interface RecordedRepository {
  environments: Record<string, Environment>;
  branchPolicies?: Record<string, BranchPolicy[]>;
  variables?: Record<string, Variable[]>;
  oidc?: OidcTemplate | 'forbidden';
}

/** The API of one repository, answered from the recorded objects; anything else is GitHub's 404. */
function recordedApi(recorded: RecordedRepository): Promise<TestGitHubApi> {
  const base = `/repos/${REPOSITORY}`;
  return startGitHubApi((method, url): ApiAnswer | undefined => {
    if (method !== 'GET') return undefined;
    const [route = '', query = ''] = url.split('?');
    const page = Number(new URLSearchParams(query).get('page') ?? '1');
    if (route === `${base}/actions/oidc/customization/sub`) {
      if (recorded.oidc === 'forbidden') return { status: 403, body: { message: 'Resource not accessible by integration' } };
      return { status: 200, body: recorded.oidc ?? { use_default: true } };
    }
    const match = /^\/repos\/[^/]+\/[^/]+\/environments\/([^/]+)(\/deployment-branch-policies|\/variables)?$/.exec(route);
    if (!match) return undefined;
    const name = decodeURIComponent(match[1] ?? '');
    const found = recorded.environments[name];
    if (!found) return undefined;
    if (match[2] === '/deployment-branch-policies') {
      const policies = page === 1 ? (recorded.branchPolicies?.[name] ?? []) : [];
      return { status: 200, body: { total_count: policies.length, branch_policies: policies } };
    }
    if (match[2] === '/variables') {
      const all = recorded.variables?.[name] ?? [];
      const slice = all.slice((page - 1) * 30, page * 30);
      return { status: 200, body: { total_count: all.length, variables: slice } };
    }
    return { status: 200, body: found };
  });
}

const HANDOFF_YML = [
  'site_path: site',
  'environments:',
  '  dev:',
  '    base_url: http://localhost:1313/',
  '  staging:',
  '    base_url: https://staging.example.org/',
  '  production:',
  '    base_url: https://www.example.org/',
  '    bucket: example-production',
  '    region: eu-west-1',
  '',
].join('\n');

const GUARDED: RecordedRepository = {
  environments: {
    dev: environment('dev'),
    staging: environment('staging'),
    production: environment('production', { protection_rules: [reviewersRule], deployment_branch_policy: { protected_branches: false, custom_branch_policies: true }, can_admins_bypass: false }),
  },
  branchPolicies: { production: [{ id: 1, node_id: 'BP_1', name: 'main', type: 'branch' }] },
  variables: {
    production: [
      variable('HANDOFF_BUCKET', 'example-production'),
      variable('HANDOFF_REGION', 'eu-west-1'),
      variable('HANDOFF_ROLE_ARN', 'arn:aws:iam::123456789012:role/handoff-production'),
      ...Array.from({ length: 30 }, (_, index) => variable(`OTHER_${index}`, 'x')),
    ],
  },
  oidc: { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] },
};

describe('handoff doctor (the real CLI against recorded API answers)', () => {
  let api: TestGitHubApi | undefined;
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await api?.stop();
    await repo?.remove();
    api = undefined;
    repo = undefined;
  });
  const env = (url: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_API_URL: url, GITHUB_TOKEN: 'test-token', ...more });

  it('passes a repository whose gates are all in place, reading every page of the variables', async () => {
    api = await recordedApi(GUARDED);
    repo = await makeTempRepo(undefined);
    await repo.write({ 'handoff.yml': HANDOFF_YML });
    const run = await repo.handoff(['doctor', '--repo', REPOSITORY, '--json'], { env: env(api.url) });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = run.json();
    expect(report).toMatchObject({ ok: true, repository: REPOSITORY, counts: { missing: 0 } });
    const byCheck = Object.fromEntries(report.items.map((item: { check: string; status: string }) => [item.check, item.status]));
    expect(byCheck).toEqual({
      'oidc-subject': 'ok',
      'environment:dev': 'ok',
      'environment:staging': 'ok',
      'environment:production': 'ok',
      'reviewers:production': 'ok',
      'branches:production': 'ok',
      'variables:production': 'ok',
      'trust-policy:production': 'not-checked',
    });
    expect(api.requests).toContain(`GET /repos/${REPOSITORY}/environments/production/variables?per_page=30&page=2 Bearer test-token`);
  });

  it('names every missing gate of a fresh repository, with the exact fix, and exits 1', async () => {
    api = await recordedApi({ environments: { dev: environment('dev'), production: environment('production') } });
    repo = await makeTempRepo(undefined);
    await repo.write({ 'handoff.yml': HANDOFF_YML });
    const run = await repo.handoff(['doctor', '--repo', REPOSITORY], { env: env(api.url) });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`handoff doctor: ${REPOSITORY}: 4 missing`);
    expect(run.stdout).toContain("❌ oidc-subject: the OIDC subject is GitHub's default");
    expect(run.stdout).toContain(`fix: gh api -X PUT repos/${REPOSITORY}/actions/oidc/customization/sub --input - <<<'{"use_default":false,"include_claim_keys":["repo","context","job_workflow_ref"]}'`);
    expect(run.stdout).toContain('⚠️  environment:staging: the GitHub environment "staging" does not exist');
    expect(run.stdout).toContain('❌ reviewers:production: the GitHub environment "production" has no required reviewers');
    expect(run.stdout).toContain('❌ branches:production: every branch may deploy to "production"');
    expect(run.stdout).toContain(`gh api -X POST repos/${REPOSITORY}/environments/production/deployment-branch-policies -f name=main -f type=branch`);
    expect(run.stdout).toContain('❌ variables:production: HANDOFF_BUCKET is not set; HANDOFF_ROLE_ARN is not set; environments.production.region is "eu-west-1" in handoff.yml but HANDOFF_REGION is not set');
    expect(run.stdout).toContain(`gh variable set HANDOFF_BUCKET --env production --repo ${REPOSITORY} --body 'example-production'`);
  });

  it('reports an answer it was refused as not checked, never as absent', async () => {
    api = await recordedApi({ ...GUARDED, oidc: 'forbidden' });
    repo = await makeTempRepo(undefined);
    await repo.write({ 'handoff.yml': HANDOFF_YML });
    const report = (await repo.handoff(['doctor', '--repo', REPOSITORY, '--json'], { env: env(api.url) })).json();
    expect(report.items[0]).toMatchObject({ check: 'oidc-subject', status: 'not-checked', detail: expect.stringContaining('HTTP 403 Resource not accessible by integration') });
    expect(report.ok).toBe(true);
  });

  it('takes the repository from the origin remote, and says how to pass a token when there is none', async () => {
    api = await recordedApi(GUARDED);
    repo = await makeTempRepo(undefined);
    await repo.write({ 'handoff.yml': HANDOFF_YML });
    const git = await import('node:child_process');
    git.execFileSync('git', ['remote', 'add', 'origin', `git@github.com:${REPOSITORY}.git`], { cwd: repo.root });
    const fromRemote = await repo.handoff(['doctor', '--json'], { env: env(api.url) });
    expect(fromRemote.json()).toMatchObject({ repository: REPOSITORY, ok: true });
    const noToken = await repo.handoff(['doctor'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_API_URL: api.url } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no GitHub token: set GITHUB_TOKEN or GH_TOKEN');
  });

  it('answers the MCP doctor tool with the same report over stdio', async () => {
    api = await recordedApi(GUARDED);
    repo = await makeTempRepo(undefined);
    await repo.write({ 'handoff.yml': HANDOFF_YML });
    const client = new Client({ name: 'doctor-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', repo.root], cwd: repo.root, env: env(api.url) as Record<string, string>, stderr: 'pipe' }),
    );
    try {
      const result = (await client.callTool({ name: 'doctor', arguments: { repository: REPOSITORY } })) as { isError?: boolean; content: Array<{ text?: string }> };
      expect(result.isError).toBeFalsy();
      expect(JSON.parse(result.content[0]?.text ?? '{}')).toMatchObject({ ok: true, repository: REPOSITORY, counts: { missing: 0, ok: 7 } });
    } finally {
      await client.close();
    }
  });
});

describe('the doctor rules', () => {
  const production = (more: Partial<EnvironmentFacts> = {}): EnvironmentFacts => ({
    githubEnvironment: 'production',
    environment: 'production',
    settingsPath: 'environments.production',
    configured: {},
    lookup: { found: true, protectionRules: [{ type: 'required_reviewers', reviewers: 1 }], canAdminsBypass: false, deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false } },
    branchPolicies: [],
    variables: { HANDOFF_BUCKET: 'b', HANDOFF_ROLE_ARN: 'arn:aws:iam::123456789012:role/p' },
    ...more,
  });
  const facts = (environments: EnvironmentFacts[], more: Partial<SetupFacts> = {}): SetupFacts => ({
    repository: REPOSITORY,
    workflowBranches: ['main'],
    oidc: { useDefault: false, includeClaimKeys: ['repo', 'context', 'job_workflow_ref'] },
    environments,
    deployWorkflowRefs: [],
    ...more,
  });
  const item = (all: ReturnType<typeof diagnoseSetup>, check: string) => all.find((candidate) => candidate.check === check);

  it('refuses a variable that differs from handoff.yml, naming both values', () => {
    const items = diagnoseSetup(facts([production({ configured: { bucket: 'from-the-push' } })]));
    expect(item(items, 'variables:production')).toMatchObject({ status: 'missing', detail: expect.stringContaining('HANDOFF_BUCKET is "b" but environments.production.bucket in handoff.yml is "from-the-push"') });
  });

  it('accepts an unprotected production only through the environment variable, never handoff.yml', () => {
    const open = production({ lookup: { found: true, protectionRules: [], canAdminsBypass: false, deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false } } });
    expect(item(diagnoseSetup(facts([{ ...open, configured: { allow_unprotected: true } }])), 'reviewers:production')?.status).toBe('missing');
    const allowed = { ...open, variables: { ...(open.variables as Record<string, string>), HANDOFF_ALLOW_UNPROTECTED: 'true' } };
    expect(item(diagnoseSetup(facts([allowed])), 'reviewers:production')).toMatchObject({ status: 'warning', detail: expect.stringContaining('has no required reviewers') });
  });

  it('flags admins who can bypass reviewers, a branch rule open to every branch, and a role that is no ARN', () => {
    const items = diagnoseSetup(
      facts([
        production({
          lookup: { found: true, protectionRules: [{ type: 'required_reviewers', reviewers: 2 }], canAdminsBypass: true, deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } },
          branchPolicies: [{ name: '**', type: 'branch' }],
          variables: { HANDOFF_BUCKET: 'b', HANDOFF_ROLE_ARN: 'handoff-production' },
        }),
      ]),
    );
    expect(item(items, 'reviewers:production')).toMatchObject({ status: 'warning', detail: expect.stringContaining('admins can bypass') });
    expect(item(items, 'branches:production')).toMatchObject({ status: 'missing', detail: 'the rule "**" lets every branch deploy to "production"' });
    expect(item(items, 'variables:production')?.detail).toContain('HANDOFF_ROLE_ARN is "handoff-production", not an IAM role ARN');
  });

  it('checks staging like production only when staging has reviewers', () => {
    const staging = (reviewers: number): EnvironmentFacts => ({
      ...production(),
      githubEnvironment: 'staging',
      environment: 'staging',
      settingsPath: 'environments.staging',
      lookup: { found: true, protectionRules: reviewers ? [{ type: 'required_reviewers', reviewers }] : [], canAdminsBypass: false, deploymentBranchPolicy: null },
      variables: {},
    });
    expect(diagnoseSetup(facts([staging(0)])).map((entry) => entry.check)).toEqual(['oidc-subject', 'environment:staging']);
    const gated = diagnoseSetup(facts([staging(1)]));
    expect(item(gated, 'branches:staging')?.status).toBe('missing');
    expect(item(gated, 'variables:staging')?.status).toBe('missing');
  });

  it('needs the environment and the reusable workflow in the OIDC subject', () => {
    const partial = diagnoseSetup(facts([production()], { oidc: { useDefault: false, includeClaimKeys: ['repo', 'context'] } }));
    expect(item(partial, 'oidc-subject')).toMatchObject({ status: 'missing', detail: expect.stringContaining('missing job_workflow_ref') });
    expect(deploySubject(REPOSITORY, 'production', { useDefault: false, includeClaimKeys: ['repo', 'context', 'job_workflow_ref'] }, 'acme/handoff/.github/workflows/deploy.yml@refs/tags/v1')).toBe(
      'repo:acme/site:environment:production:job_workflow_ref:acme/handoff/.github/workflows/deploy.yml@refs/tags/v1',
    );
    expect(deploySubject(REPOSITORY, 'production', undefined)).toBe('repo:acme/site:environment:production');
  });

  it.each([
    ['main', 'main', true],
    ['main', 'maintenance', false],
    ['release/*', 'release/1.2', true],
    ['release/*', 'release/1/2', false],
    ['release/**', 'release/1/2', true],
    ['v?', 'v1', true],
    ['claude.x', 'claudeAx', false],
  ])('branch pattern %s against %s: %s', (pattern, branch, expected) => {
    expect(branchMatches(pattern, branch)).toBe(expected);
  });

  it.each([
    ['https://github.com/acme/site.git', 'acme/site'],
    ['https://x-access-token:abc@github.com/acme/site', 'acme/site'],
    ['git@github.com:acme/site.git', 'acme/site'],
    ['ssh://git@github.com/acme/my.site.git', 'acme/my.site'],
    ['/tmp/bare.git', undefined],
  ])('the repository of remote %s', (url, expected) => {
    expect(repositoryOfRemote(url)).toBe(expected);
  });
});

const PINNED = 'acme/handoff/.github/workflows/deploy.yml@refs/tags/v1';
const trustPolicy = (sub: string | string[], operator = 'StringEquals') => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, [operator]: { 'token.actions.githubusercontent.com:sub': sub } },
    },
  ],
});

describe('trust policies judged as IAM judges them', () => {
  const claims = (sub: string) => ({ sub, aud: 'sts.amazonaws.com' });
  const pinnedSubject = `repo:${REPOSITORY}:environment:production:job_workflow_ref:${PINNED}`;
  it.each([
    ['the exact subject', trustPolicy(pinnedSubject), pinnedSubject, 'admits'],
    ['another workflow of the repository', trustPolicy(pinnedSubject), `repo:${REPOSITORY}:environment:production:job_workflow_ref:${REPOSITORY}/.github/workflows/x.yml@refs/heads/main`, 'refuses'],
    ['a wildcard over the workflow', trustPolicy(`repo:${REPOSITORY}:environment:production:*`, 'StringLike'), `repo:${REPOSITORY}:environment:production:job_workflow_ref:${REPOSITORY}/.github/workflows/x.yml@refs/heads/main`, 'admits'],
    ['one of several subjects', trustPolicy(['repo:other/x:environment:production', pinnedSubject]), pinnedSubject, 'admits'],
    ['StringLike with ?', trustPolicy(`repo:${REPOSITORY}:environment:productio?`, 'StringLike'), `repo:${REPOSITORY}:environment:production`, 'admits'],
    ['an unknown condition key', { Statement: [{ Effect: 'Allow', Principal: { Federated: 'token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:repository_owner': 'acme' } } }] }, pinnedSubject, 'unknown'],
    ['a matching Deny', { Statement: [...trustPolicy(pinnedSubject).Statement, { Effect: 'Deny', Principal: '*', Action: 'sts:*', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': '*' } } }] }, pinnedSubject, 'refuses'],
    ['another provider', { Statement: [{ ...trustPolicy(pinnedSubject).Statement[0], Principal: { Federated: 'arn:aws:iam::1:oidc-provider/example.org' } }] }, pinnedSubject, 'refuses'],
  ])('%s', (_name, document, sub, verdict) => {
    expect(judgeTrustPolicy(document, claims(sub))).toBe(verdict);
  });
});

/** Stands in for IAM's query API on 127.0.0.1: checks each request's Signature V4, answers GetRole from a table. */
async function startIam(roles: Record<string, unknown>) {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(body);
      const headers: Record<string, string> = {};
      const authorization = String(request.headers.authorization ?? '');
      const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
      for (const name of signed) if (name !== 'x-amz-date') headers[name] = String(request.headers[name] ?? '');
      const amzDate = String(request.headers['x-amz-date'] ?? '');
      const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
      createSigner('us-east-1', 'iam')({ accessKeyId: 'AKIDDOCTOR', secretAccessKey: 'doctor-secret' }, request.method ?? '', request.url ?? '/', '', headers, date);
      seen.push(`${form.get('Action')} ${form.get('RoleName')}`);
      if (headers.authorization !== authorization) {
        response.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>bad signature</Message></Error></ErrorResponse>');
        return;
      }
      const document = roles[form.get('RoleName') ?? ''];
      if (document === undefined) {
        response.writeHead(404, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role cannot be found.</Message></Error></ErrorResponse>');
        return;
      }
      const encoded = encodeURIComponent(JSON.stringify(document));
      response.writeHead(200, { 'content-type': 'text/xml' }).end(`<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><AssumeRolePolicyDocument>${encoded}</AssumeRolePolicyDocument><RoleName>${form.get('RoleName')}</RoleName></Role></GetRoleResult></GetRoleResponse>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("handoff doctor reads the deploy role's trust policy from IAM", () => {
  it('passes a policy that admits only the pinned workflow, and names one that admits the agent\'s own workflows', async () => {
    const api = await recordedApi(GUARDED);
    const repo = await makeTempRepo(undefined);
    const iam = await startIam({ 'handoff-production': trustPolicy(`repo:${REPOSITORY}:environment:production:job_workflow_ref:${PINNED}`) });
    try {
      await repo.write({
        'handoff.yml': HANDOFF_YML,
        '.github/workflows/tasks.yml': 'jobs:\n  deploy:\n    uses: acme/handoff/.github/workflows/deploy.yml@v1\n  local:\n    uses: ./.github/workflows/mine.yml\n',
      });
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_API_URL: api.url, GITHUB_TOKEN: 't', AWS_ACCESS_KEY_ID: 'AKIDDOCTOR', AWS_SECRET_ACCESS_KEY: 'doctor-secret', AWS_ENDPOINT_URL_IAM: iam.url };
      const good = (await repo.handoff(['doctor', '--repo', REPOSITORY, '--json'], { env })).json();
      expect(good.items.find((item: { check: string }) => item.check === 'trust-policy:production')).toMatchObject({ status: 'ok', detail: expect.stringContaining('admits only the pinned deploy workflow (acme/handoff/.github/workflows/deploy.yml@v1)') });
      expect(iam.seen).toEqual(['GetRole handoff-production']);

      await iam.stop();
      const loose = await startIam({ 'handoff-production': trustPolicy(`repo:${REPOSITORY}:environment:production*`, 'StringLike') });
      try {
        const run = await repo.handoff(['doctor', '--repo', REPOSITORY], { env: { ...env, AWS_ENDPOINT_URL_IAM: loose.url } });
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(`❌ trust-policy:production: the trust policy of arn:aws:iam::123456789012:role/handoff-production: it admits a workflow written in this repository (sub repo:${REPOSITORY}:environment:production:job_workflow_ref:${REPOSITORY}/.github/workflows/agent-written.yml@refs/heads/main); it admits a token in GitHub's default subject format`);
      } finally {
        await loose.stop();
      }
      const missing = await startIam({});
      try {
        const report = (await repo.handoff(['doctor', '--repo', REPOSITORY, '--json'], { env: { ...env, AWS_ENDPOINT_URL_IAM: missing.url } })).json();
        expect(report.items.find((item: { check: string }) => item.check === 'trust-policy:production')).toMatchObject({ status: 'missing', detail: 'the role arn:aws:iam::123456789012:role/handoff-production does not exist' });
      } finally {
        await missing.stop();
      }
    } finally {
      await api.stop();
      await repo.remove();
    }
  });
});
