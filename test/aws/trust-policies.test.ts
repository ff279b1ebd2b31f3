import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { judgeTrustPolicy } from '../../src/aws/trust-policy.js';
import { pointActionsAt } from '../../src/client/init-repo.js';
import { jobWorkflowRefs, oidcSubject, REQUIRED_SUBJECT_CLAIMS } from '../../src/github/setup-diagnosis.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/*
 * The shipped trust policies (aws/) against the `sub` each credentialed job of the shipped
 * workflows would carry, computed from the workflow files as init writes them for a site
 * (`--actions acme/handoff@REF`) under the subject template the docs set
 * (["repo", "context", "job_workflow_ref"]). AWS checks only `sub` and `aud`.
 */

const SITE = 'acme/site';
const HANDOFF = 'acme/handoff';
const TEMPLATE = { useDefault: false, includeClaimKeys: [...REQUIRED_SUBJECT_CLAIMS] };
const AUD = 'sts.amazonaws.com';
const PINNED_SHA = '0123456789abcdef0123456789abcdef01234567';

interface Job {
  uses?: string;
  environment?: { name?: string } | string;
  permissions?: Record<string, string>;
  steps?: unknown[];
}
interface Workflow {
  on: { push?: { branches?: string[] } };
  jobs: Record<string, Job>;
}

async function workflow(file: string, actions?: string): Promise<Workflow> {
  const text = await readFile(path.join(PROJECT_ROOT, '.github/workflows', file), 'utf8');
  return parse(actions ? pointActionsAt(text, actions) : text) as Workflow;
}

/** A shipped policy with its placeholders filled in for this site and this pin of handoff. */
async function policy(file: string, handoffRef: string): Promise<unknown> {
  const text = await readFile(path.join(PROJECT_ROOT, 'aws', file), 'utf8');
  return JSON.parse(
    text
      .replaceAll('HANDOFF_REPOSITORY', HANDOFF)
      .replaceAll('HANDOFF_REF', handoffRef)
      .replaceAll('OWNER/REPO', SITE)
      .replaceAll('SITE_NAME', 'blog')
      .replaceAll('ACCOUNT_ID', '123456789012'),
  );
}

/** Each job that may mint an OIDC token, and the `sub` it carries (environment `name` for the deploy job's matrix value). */
async function credentialedSubjects(actions: string, environment: string): Promise<{ caller: Job; subjects: Record<string, string> }> {
  const tasks = await workflow('tasks.yml', actions);
  const deploy = await workflow('deploy.yml');
  const [caller, ...others] = Object.values(tasks.jobs).filter((job) => job.permissions?.['id-token'] === 'write');
  // Only the job that calls the reusable workflow may hand an id-token down; no job of tasks.yml mints one with its own steps.
  expect(others).toEqual([]);
  expect(caller?.steps).toBeUndefined();
  const [jobWorkflowRef] = jobWorkflowRefs(caller?.uses ?? '');
  const branch = tasks.on.push?.branches?.[0];
  const subjects = Object.fromEntries(
    Object.entries(deploy.jobs)
      .filter(([, job]) => job.permissions?.['id-token'] === 'write')
      .map(([name, job]) => {
        const context = job.environment ? `environment:${environment}` : `ref:refs/heads/${branch}`;
        return [name, oidcSubject(SITE, context, TEMPLATE, jobWorkflowRef)];
      }),
  );
  return { caller: caller!, subjects };
}

describe('the shipped trust policies admit exactly the reusable deploy workflow\'s jobs', () => {
  it.for([
    ['v1', 'refs/tags/v1'],
    [PINNED_SHA, PINNED_SHA],
  ] as const)('pinned @%s: the caller calls handoff\'s deploy.yml, and each role admits its own job only', async ([pin, handoffRef]) => {
    const actions = `${HANDOFF}@${pin}`;
    const production = await credentialedSubjects(actions, 'production');
    expect(production.caller.uses).toBe(`${HANDOFF}/.github/workflows/deploy.yml@${pin}`);
    expect(Object.keys(production.subjects).sort()).toEqual(['deploy', 'review']);
    expect(production.subjects.deploy).toBe(`repo:${SITE}:environment:production:job_workflow_ref:${HANDOFF}/.github/workflows/deploy.yml@${handoffRef}`);
    expect(production.subjects.review).toBe(`repo:${SITE}:ref:refs/heads/main:job_workflow_ref:${HANDOFF}/.github/workflows/deploy.yml@${handoffRef}`);
    const staging = await credentialedSubjects(actions, 'staging');
    const site = await credentialedSubjects(actions, 'production-blog');

    const roles = {
      'trust-policy-production.json': production.subjects.deploy,
      'trust-policy-staging.json': staging.subjects.deploy,
      'trust-policy-production-site.json': site.subjects.deploy,
      'trust-policy-production-plan.json': production.subjects.review,
    };
    const everyJob = [production.subjects.deploy, production.subjects.review, staging.subjects.deploy, site.subjects.deploy];
    for (const [file, admitted] of Object.entries(roles)) {
      const document = await policy(file, handoffRef);
      for (const subject of everyJob.map(String)) {
        expect(judgeTrustPolicy(document, { sub: subject, aud: AUD }), `${file} on ${subject}`).toBe(subject === admitted ? 'admits' : 'refuses');
      }
      expect(judgeTrustPolicy(document, { sub: String(admitted), aud: 'another-audience' })).toBe('refuses');
    }
  });

  it('refuses every token the agent can get minted: its own workflows, the vendored copy, another ref or fork, the default subject', async () => {
    const document = await policy('trust-policy-production.json', 'refs/tags/v1');
    const context = 'environment:production';
    const agentWorkflows = [
      `${SITE}/.github/workflows/tasks.yml@refs/heads/main`,
      `${SITE}/.github/workflows/deploy.yml@refs/heads/main`,
      `${SITE}/.github/workflows/agent-written.yml@refs/heads/claude/x`,
      `${HANDOFF}/.github/workflows/deploy.yml@refs/tags/v2`,
      `${HANDOFF}/.github/workflows/deploy.yml@refs/heads/v1`,
      `${HANDOFF}/.github/workflows/deploy.yml@refs/heads/main`,
      `${HANDOFF}/.github/workflows/other.yml@refs/tags/v1`,
      `agent/handoff/.github/workflows/deploy.yml@refs/tags/v1`,
    ];
    for (const ref of agentWorkflows) expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, context, TEMPLATE, ref), aud: AUD }), ref).toBe('refuses');
    expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, context, undefined), aud: AUD })).toBe('refuses');
    expect(judgeTrustPolicy(document, { sub: oidcSubject('other/site', context, TEMPLATE, `${HANDOFF}/.github/workflows/deploy.yml@refs/tags/v1`), aud: AUD })).toBe('refuses');
    expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, context, TEMPLATE, `${HANDOFF}/.github/workflows/deploy.yml@refs/tags/v1`), aud: AUD })).toBe('admits');
  });

  it('the dev role (branch previews, the agent\'s own) admits dev-deploy.yml and the per-site workflow it calls, for branches and pull requests, before and after the template is set, and no other environment', async () => {
    const document = await policy('trust-policy-dev.json', 'refs/tags/v1');
    const devWorkflow = await workflow('dev-deploy.yml');
    const siteWorkflow = await workflow('dev-deploy-site.yml');
    expect(Object.values(devWorkflow.jobs).some((job) => job.permissions?.['id-token'] === 'write')).toBe(true);
    // The per-site deploy job mints its token inside the called workflow: its job_workflow_ref names
    // dev-deploy-site.yml, at the caller's ref (a branch, or refs/pull/N/merge on a pull request).
    expect(Object.values(siteWorkflow.jobs).some((job) => job.permissions?.['id-token'] === 'write')).toBe(true);
    for (const file of ['dev-deploy.yml', 'dev-deploy-site.yml']) {
      for (const ref of ['refs/heads/claude/x', 'refs/heads/main', 'refs/pull/42/merge']) {
        expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, 'environment:dev', TEMPLATE, `${SITE}/.github/workflows/${file}@${ref}`), aud: AUD }), `${file}@${ref}`).toBe('admits');
      }
    }
    expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, 'environment:dev', TEMPLATE, `${SITE}/.github/workflows/tasks.yml@refs/heads/main`), aud: AUD })).toBe('refuses');
    expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, 'environment:dev', TEMPLATE, `${SITE}/.github/workflows/dev-deploy.yml@refs/heads/claude/x`), aud: AUD })).toBe('admits');
    expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, 'environment:dev', undefined), aud: AUD })).toBe('admits');
    expect(judgeTrustPolicy(document, { sub: oidcSubject(SITE, 'environment:production', TEMPLATE, `${SITE}/.github/workflows/dev-deploy.yml@refs/heads/main`), aud: AUD })).toBe('refuses');
  });
});
