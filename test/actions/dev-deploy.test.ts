import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { startWebsiteGateway } from '../../src/local-s3/website-gateway.js';
import { PREVIEW_RECORD_BRANCH } from '../../src/preview/preview-record.js';
import { previewSlug } from '../../src/preview/preview-slug.js';
import { spawnHandoff } from '../agent/spawned-cli.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';
import { PREVIEW_COMMENT_MARKER } from '../../src/preview/pull-request-preview.js';
import { pullRequestAnswer, pullRequestsApi, type PullRequestState } from './github-api-server.js';
import { startS3Server, TEST_CREDENTIALS, type TestS3Server } from '../servers/s3-server.js';
import { git, makeRemote, orchestrationRepo, pushEvent, REPOSITORY, runAction, SITE, type Clone, type Remote } from './harness.js';
import { evaluate, interpolate, loadWorkflow, matrixLegs, runJob, type JobRun } from './workflow-runner.js';

const execFileAsync = promisify(execFile);
const DEV_ROLE = 'arn:aws:iam::123456789012:role/handoff-dev';
const ZERO = '0'.repeat(40);

function devConfig(devUrl: string, previews: string[] = []): string {
  return [
    'site_path: site',
    'environments:',
    '  dev:',
    `    base_url: ${devUrl}`,
    '    bucket: site-bucket',
    '    region: us-east-1',
    `    role_arn: ${DEV_ROLE}`,
    '  staging:',
    '    base_url: https://staging.example.org/',
    '    bucket: site-staging',
    '    role_arn: arn:aws:iam::123456789012:role/handoff-staging',
    '  production:',
    '    base_url: https://www.example.org/',
    '    bucket: site-production',
    '    role_arn: arn:aws:iam::123456789012:role/handoff-production',
    ...(previews.length ? ['previews:', ...previews] : []),
    '',
  ].join('\n');
}

/** A dev bucket on s3rver, a website gateway in front of it (the dev site's URL), and an orchestration remote. */
interface Pipeline extends JobRun {
  selection: JobRun;
  /** The first site's build and deploy jobs (the one-site form's only ones); not run when no site was chosen. */
  build: JobRun;
  deploy: JobRun;
  /** Each chosen site's jobs, by site name ("" for the one-site form). */
  sites: Record<string, { build: JobRun; deploy: JobRun }>;
  announce: JobRun;
}

const NOT_RUN: JobRun = { ran: false, steps: {}, actions: [], external: [], environment: undefined, outputs: {}, failed: false };

/** Several jobs (a matrix's legs) as `needs.<job>` sees them: failed if one failed. */
function together(runs: readonly JobRun[]): JobRun {
  return {
    ran: runs.some((run) => run.ran),
    steps: Object.assign({}, ...runs.map((run) => run.steps)),
    actions: runs.flatMap((run) => run.actions),
    external: runs.flatMap((run) => run.external),
    environment: runs.at(-1)?.environment,
    outputs: Object.assign({}, ...runs.map((run) => run.outputs)),
    failed: runs.some((run) => run.failed),
  };
}

/** A repository of the sites: form: handoff.yml from `config` and one tiny Hugo site per name under sites/. */
interface SitesRepository {
  config: (devUrl: string) => string;
  sites: string[];
}

async function devSetup(onTestFinished: (fn: () => Promise<void>) => void, previews: string[] = [], several?: SitesRepository) {
  const onFinished = onTestFinished;
  const s3 = await startS3Server();
  onTestFinished(s3.stop);
  const gateway = await startWebsiteGateway(s3.directEndpoint, s3.bucket, '');
  onTestFinished(gateway.stop);
  const siteFiles = (name: string) => Object.fromEntries(Object.entries(SITE).map(([file, text]) => [file.replace(/^site\//, `sites/${name}/`), text.replace('Test site', `Site ${name}`)]));
  const remote = await makeRemote(
    several ? { ...orchestrationRepo(several.config(gateway.url)), ...Object.assign({}, ...several.sites.map(siteFiles)) } : orchestrationRepo(devConfig(gateway.url, previews)),
  );
  onTestFinished(remote.remove);
  const workflow = await loadWorkflow('dev-deploy.yml');
  const siteWorkflow = await loadWorkflow('dev-deploy-site.yml');
  let jobs = 0;
  const awsEnv = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', HANDOFF_S3_ENDPOINT: s3.endpoint };
  const repository = { name: REPOSITORY.split('/')[1], full_name: REPOSITORY, default_branch: 'main' };

  /** The sites job, in its own checkout of `ref` (the pushed commit, or the default branch). */
  async function sitesJob(ref: string | undefined, run: { eventName: string; event: unknown; github: Record<string, unknown>; env: Record<string, string> }): Promise<JobRun> {
    const checkout = await remote.clone(`sites-${++jobs}`, ref ? { ref } : {});
    return runJob(workflow.jobs.sites!, { workspace: checkout.dir, ...run });
  }

  /**
   * One run: the sites job; for each site it chose, one call of dev-deploy-site.yml (its build
   * job, then the deploy job it hands the built tree to: the artifact copied between two separate
   * workspaces, as between two runners; the deploy job's checkout is the default branch); then the
   * announce job.
   */
  async function pipeline(checkoutRef: string, event: unknown, eventName: string, github: Record<string, unknown>, env: Record<string, string>): Promise<Pipeline> {
    const job = ++jobs;
    const runId = String(7000 + job);
    const artifacts = await makeTempDir('handoff-artifacts');
    onFinished(artifacts.remove);
    const context = { ...github, event_name: eventName, event, run_id: runId, run_attempt: '1' };
    const runEnv = { ...awsEnv, ...env, GITHUB_RUN_ID: runId };
    const run = { eventName, event, github: context, env: runEnv };
    const selection = await sitesJob(checkoutRef, run);
    const siteJob = workflow.jobs.site!;
    const chosen = selection.ran && !selection.failed && evaluate(siteJob.if!, { github: context, needs: { sites: { outputs: selection.outputs } } }) === true;
    const sites: Record<string, { build: JobRun; deploy: JobRun }> = {};
    for (const matrix of chosen ? matrixLegs(siteJob, { sites: selection }) : []) {
      const inputs = { site: String(interpolate(siteJob.with!.site, { matrix })) };
      const checkout = await remote.clone(`build-${++jobs}`, { ref: checkoutRef });
      const build = await runJob(siteWorkflow.jobs.build!, { workspace: checkout.dir, ...run, artifacts: { root: artifacts.path }, contexts: { inputs } });
      const deployCheckout = await remote.clone(`deploy-${++jobs}`);
      const deploy = await runJob(siteWorkflow.jobs.deploy!, { workspace: deployCheckout.dir, ...run, needs: { build }, artifacts: { root: artifacts.path }, contexts: { inputs } });
      sites[inputs.site] = { build, deploy };
    }
    const legs = Object.values(sites);
    const announceCheckout = await remote.clone(`announce-${++jobs}`);
    const site = together(legs.flatMap((leg) => [leg.build, leg.deploy]));
    const announce = await runJob(workflow.jobs.announce!, { workspace: announceCheckout.dir, ...run, needs: { sites: selection, site } });
    const all = [selection, ...legs.flatMap((leg) => [leg.build, leg.deploy]), announce];
    return {
      selection,
      build: legs[0]?.build ?? NOT_RUN,
      deploy: legs[0]?.deploy ?? NOT_RUN,
      sites,
      announce,
      ran: selection.ran,
      steps: Object.assign({}, ...all.map((part) => part.steps)),
      actions: all.flatMap((part) => part.actions),
      external: all.flatMap((part) => part.external),
      environment: legs[0]?.deploy.ran ? legs[0].deploy.environment : undefined,
      outputs: legs[0]?.deploy.outputs ?? {},
      failed: all.some((part) => part.failed),
    };
  }

  /** A matrix job over the sites job's sites (remove, sweep), each leg in a checkout of the default branch. */
  async function legsOf(name: 'remove' | 'sweep', selection: JobRun, run: { eventName: string; event: unknown; github: Record<string, unknown>; env: Record<string, string> }): Promise<JobRun> {
    const job = workflow.jobs[name]!;
    if (!selection.ran || evaluate(job.if!.replace(/\s+/g, ' '), { github: run.github, needs: { sites: { outputs: selection.outputs } } }) !== true) return NOT_RUN;
    const legs: JobRun[] = [];
    for (const matrix of matrixLegs(job, { sites: selection })) {
      const checkout = await remote.clone(`${name}-${++jobs}`);
      legs.push(await runJob(job, { workspace: checkout.dir, ...run, needs: { sites: selection }, contexts: { matrix } }));
    }
    return together(legs);
  }

  /** The build and deploy jobs for a push of `branch`. */
  async function push(branch: string, range: { before: string; after: string }, options: { token?: string; apiUrl?: string } = {}): Promise<Pipeline> {
    const event = pushEvent(range, { branch });
    return pipeline(range.after, event, 'push', { ref: `refs/heads/${branch}`, ref_name: branch, sha: range.after, head_ref: '', repository: REPOSITORY, token: options.token ?? '' }, {
      GITHUB_REF: `refs/heads/${branch}`,
      GITHUB_REF_NAME: branch,
      GITHUB_SHA: range.after,
      ...(options.apiUrl ? { GITHUB_API_URL: options.apiUrl } : {}),
    });
  }

  /** The jobs for a pull_request event: the run is on refs/pull/N/merge, the payload names the head. */
  async function pullRequest(action: string, number: number, head: { ref: string; sha: string; repository?: string }, options: { token: string; apiUrl: string }): Promise<Pipeline & { remove: JobRun; retire: JobRun }> {
    const headRepository = head.repository ?? REPOSITORY;
    const event = {
      action,
      number,
      pull_request: { number, state: action === 'closed' ? 'closed' : 'open', merged: false, head: { ref: head.ref, sha: head.sha, repo: { full_name: headRepository, fork: headRepository !== REPOSITORY } }, base: { ref: 'main', repo: { full_name: REPOSITORY } } },
      repository,
      sender: { login: 'reviewer' },
    };
    const github = { ref: `refs/pull/${number}/merge`, ref_name: `${number}/merge`, sha: '1'.repeat(40), head_ref: head.ref, repository: REPOSITORY, token: options.token };
    const env = { GITHUB_REF: `refs/pull/${number}/merge`, GITHUB_REF_NAME: `${number}/merge`, GITHUB_SHA: '1'.repeat(40), GITHUB_HEAD_REF: head.ref, GITHUB_API_URL: options.apiUrl };
    const ran = await pipeline(head.sha, event, 'pull_request', github, env);
    const run = { eventName: 'pull_request', event, github: { ...github, event_name: 'pull_request', event }, env: { ...awsEnv, ...env } };
    const remove = await legsOf('remove', ran.selection, run);
    const retireCheckout = await remote.clone(`retire-${++jobs}`);
    const retire = remove.ran ? await runJob(workflow.jobs.retire!, { workspace: retireCheckout.dir, ...run, needs: { remove } }) : NOT_RUN;
    return { ...ran, remove, retire };
  }

  /** The sites and remove jobs for a delete event (the run is on the default branch, the payload names the deleted one). */
  async function deleted(branch: string): Promise<JobRun> {
    const event = { ref: branch, ref_type: 'branch', pusher_type: 'user', repository, sender: { login: 'agent' } };
    const run = { eventName: 'delete', event, github: { event_name: 'delete', ref: 'refs/heads/main', ref_name: 'main', sha: '', event }, env: { ...awsEnv, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' } };
    return legsOf('remove', await sitesJob(undefined, run), run);
  }

  /** The sites and sweep jobs, as the schedule starts them (a schedule payload has no repository: main is assumed). */
  async function scheduled(): Promise<JobRun> {
    const event = { schedule: '41 3 * * *' };
    const run = { eventName: 'schedule', event, github: { event_name: 'schedule', ref: 'refs/heads/main', ref_name: 'main', sha: '', event }, env: { ...awsEnv, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' } };
    return legsOf('sweep', await sitesJob(undefined, run), run);
  }

  return { s3, gateway, remote, workflow, push, pullRequest, deleted, scheduled, repository };
}

async function keysUnder(s3: TestS3Server, prefix: string): Promise<string[]> {
  const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.directEndpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
  try {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((item) => item.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort();
  } finally {
    client.destroy();
  }
}

async function recordOn(remote: Remote, branch: string): Promise<any> {
  const text = await git(remote.bare, 'show', `${PREVIEW_RECORD_BRANCH}:${previewSlug(branch)}.json`).catch(() => undefined);
  return text === undefined ? undefined : JSON.parse(text);
}

async function handoffIn(clone: Clone, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), ...args], { cwd: clone.dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function expectClean(job: JobRun): void {
  expect(job.ran).toBe(true);
  expect(job.failed, job.actions.map((a) => `${a.name}: ${a.run.stdout}${a.run.stderr}`).join('\n')).toBe(false);
}

describe('dev-deploy workflow: dev site and branch previews (bundles run as the runner runs them, s3rver, bare remote)', () => {
  it('deploys main to the dev site and each claude/* branch to its own folder and URL, records them off-branch, removes on delete, sweeps old ones', async ({ onTestFinished }) => {
    const { s3, gateway, remote, push, deleted, scheduled } = await devSetup(onTestFinished, ['  max_age_days: 7']);
    const main = await git(remote.bare, 'rev-parse', 'main');
    const early = await handoffIn(await remote.clone('early'), ['preview']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain(`no dev deploy of main is recorded: origin has no ${PREVIEW_RECORD_BRANCH} branch yet`);

    // 1. main -> the dev site, with the dev role only
    const dev = await push('main', { before: ZERO, after: main });
    expectClean(dev);
    // hugo runs in the build job, which holds no id-token; the deploy job checks the digest and never runs hugo.
    expect(dev.build.actions.map((a) => a.action)).toEqual(['preview', 'hugo-build', 'preview']);
    expect(dev.deploy.actions.map((a) => a.action)).toEqual(['preview', 'preview', 'deploy', 'preview']);
    expect(dev.deploy.actions[1]?.run.stdout).toContain(`${dev.build.outputs.digest}, as built`);
    expect(dev.steps.target).toMatchObject({ deploy: 'true', kind: 'dev', url: gateway.url, prefix: '', exclude: 'previews/**', 'role-arn': DEV_ROLE });
    expect(dev.environment).toEqual({ name: 'dev', url: gateway.url });
    const credentials = dev.external.find((step) => step.uses.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with['role-to-assume']).toBe(DEV_ROLE);
    const siteKeys = await keysUnder(s3, '');
    expect(siteKeys).toContain('index.html');
    expect(await recordOn(remote, 'main')).toMatchObject({ branch: 'main', kind: 'dev', url: gateway.url, commit: main });
    expect(dev.deploy.actions.at(-1)?.run.summary).toContain(`## Dev site: ${gateway.url}`);

    // 2. two agent branches whose names read alike, deployed at once: distinct folders, both records land
    const agent = await remote.clone('agent');
    await agent.git('checkout', '-q', '-b', 'claude/fix-nav');
    await agent.write({ 'site/content/posts/nav.md': '---\ntitle: Navigation fixed\ndate: 2026-01-04\n---\nBetter nav.\n' });
    const fixNav = await agent.commitAndPush('Fix the navigation', 'claude/fix-nav');
    const other = await remote.clone('other-agent');
    await other.git('checkout', '-q', '-b', 'claude/Fix-Nav');
    await other.write({ 'site/content/posts/other.md': '---\ntitle: Another take\ndate: 2026-01-05\n---\nOther.\n' });
    const fixNavUpper = await other.commitAndPush('Another take', 'claude/Fix-Nav');
    const [previewA, previewB] = await Promise.all([push('claude/fix-nav', fixNav), push('claude/Fix-Nav', fixNavUpper)]);
    expectClean(previewA);
    expectClean(previewB);
    const prefixA = previewA.steps.target!.prefix!;
    const prefixB = previewB.steps.target!.prefix!;
    expect(prefixA).toMatch(/^previews\/claude-fix-nav--[0-9a-f]{10}\/$/);
    expect(prefixB).toMatch(/^previews\/claude-fix-nav--[0-9a-f]{10}\/$/);
    expect(prefixA).not.toBe(prefixB);
    const urlA = `${gateway.url}${prefixA}`;
    expect(previewA.environment).toEqual({ name: 'dev', url: urlA });
    expect(previewA.deploy.actions.at(-1)?.run.summary).toContain(`## Preview: ${urlA}`);
    const live = await fetch(urlA);
    expect(live.status).toBe(200);
    const page = await live.text();
    expect(page).toContain('Navigation fixed');
    // Built with its own base URL: its links point into its own folder.
    expect(page).toContain(`/${prefixA}posts/nav/`);
    expect(await keysUnder(s3, prefixA)).toContain(`${prefixA}posts/nav/index.html`);
    expect(await keysUnder(s3, prefixB)).toContain(`${prefixB}posts/other/index.html`);
    // The dev site is untouched: it does not have the branches' posts.
    expect((await keysUnder(s3, 'posts/')).filter((key) => key.includes('nav') || key.includes('other'))).toEqual([]);
    expect(await recordOn(remote, 'claude/fix-nav')).toMatchObject({ branch: 'claude/fix-nav', kind: 'preview', url: urlA, commit: fixNav.after, prefix: prefixA });
    expect(await recordOn(remote, 'claude/Fix-Nav')).toMatchObject({ commit: fixNavUpper.after, prefix: prefixB });

    // 3. nothing was committed to the previewed branch: the agent's next push is a plain fast-forward
    expect((await git(remote.bare, 'log', '--format=%an', 'claude/fix-nav')).split('\n')).not.toContain('github-actions[bot]');
    const answered = await handoffIn(agent, ['preview', '--json']);
    expect(answered.code, answered.stderr).toBe(0);
    expect(JSON.parse(answered.stdout)).toMatchObject({ ok: true, branch: 'claude/fix-nav', kind: 'preview', url: urlA, commit: fixNav.after, local_commit: fixNav.after, up_to_date: true });
    await agent.write({ 'site/content/posts/nav.md': '---\ntitle: Navigation fixed twice\ndate: 2026-01-04\n---\nBest nav.\n' });
    const second = await agent.commitAndPush('Fix the navigation again', 'claude/fix-nav');
    expect(second.before).toBe(fixNav.after);
    const stale = await handoffIn(agent, ['preview']);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toContain(`preview of claude/fix-nav: ${urlA}`);
    expect(stale.stdout).toContain('not yet your local claude/fix-nav');
    // The agent waits for the deploy of what it pushed; the workflow records it meanwhile.
    const waiting = spawnHandoff(['preview', 'claude/fix-nav', '--wait', '60s', '--interval', '200ms', '--json'], agent.dir);
    const redeploy = await push('claude/fix-nav', second);
    expectClean(redeploy);
    expect(await waiting.exited).toBe(0);
    expect(JSON.parse(waiting.stdout())).toMatchObject({ commit: second.after, up_to_date: true, url: urlA });
    expect(await (await fetch(urlA)).text()).toContain('Navigation fixed twice');

    // The MCP tool answers the same, read the same way.
    const client = new Client({ name: 'handoff-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', agent.dir], cwd: agent.dir, stderr: 'pipe' }));
    try {
      const tool = (await client.callTool({ name: 'preview_url', arguments: {} })) as { isError?: boolean; content: Array<{ text?: string }> };
      expect(tool.isError).toBeFalsy();
      expect(JSON.parse(tool.content[0]?.text ?? '')).toMatchObject({ branch: 'claude/fix-nav', url: urlA, commit: second.after, up_to_date: true });
      const missing = (await client.callTool({ name: 'preview_url', arguments: { branch: 'claude/never-pushed' } })) as { isError?: boolean; content: Array<{ text?: string }> };
      expect(missing.isError).toBe(true);
      expect(missing.content[0]?.text).toContain(`no dev deploy of claude/never-pushed is recorded: origin/${PREVIEW_RECORD_BRANCH} has no record for claude/never-pushed`);
    } finally {
      await client.close();
    }

    // 4. main again: the dev deploy keeps the previews (they are not in its build)
    const mainClone = await remote.clone('main-dev');
    await mainClone.write({ 'site/content/posts/dev.md': '---\ntitle: Dev news\ndate: 2026-01-06\n---\nNews.\n' });
    const mainPush = await mainClone.commitAndPush('Dev news');
    const previewKeys = await keysUnder(s3, 'previews/');
    const devAgain = await push('main', mainPush);
    expectClean(devAgain);
    expect(devAgain.deploy.actions[2]?.run.outputs['deleted-files']).toBe('0');
    expect(await keysUnder(s3, 'previews/')).toEqual(previewKeys);

    // 5. a deleted branch: its folder goes, and nothing else
    await other.git('push', '-q', 'origin', '--delete', 'claude/Fix-Nav');
    const removal = await deleted('claude/Fix-Nav');
    expectClean(removal);
    expect(removal.actions.at(-1)?.run.outputs.removed).toBe(String((previewKeys.filter((key) => key.startsWith(prefixB))).length));
    expect(await keysUnder(s3, prefixB)).toEqual([]);
    expect(await keysUnder(s3, prefixA)).toEqual(previewKeys.filter((key) => key.startsWith(prefixA)));
    expect(await keysUnder(s3, 'index.html')).toEqual(['index.html']);
    expect(await recordOn(remote, 'claude/Fix-Nav')).toBeUndefined();
    expect(await recordOn(remote, 'claude/fix-nav')).toBeDefined();

    // 6. the sweep: a preview last deployed longer ago than max_age_days goes; the dev site never
    expectClean(await scheduled());
    expect(await keysUnder(s3, prefixA)).not.toEqual([]); // fresh: kept
    const records = await remote.clone('records', { ref: PREVIEW_RECORD_BRANCH });
    const aged = { ...(await recordOn(remote, 'claude/fix-nav')), deployed_at: '2020-01-01T00:00:00Z' };
    await records.write({ [`${previewSlug('claude/fix-nav')}.json`]: `${JSON.stringify(aged, null, 2)}\n` });
    await records.commitAndPush('Time passes', PREVIEW_RECORD_BRANCH);
    const sweep = await scheduled();
    expectClean(sweep);
    expect(sweep.actions.at(-1)?.run.outputs.swept).toBe('1');
    expect(await keysUnder(s3, prefixA)).toEqual([]);
    expect(await recordOn(remote, 'claude/fix-nav')).toBeUndefined();
    expect(await recordOn(remote, 'main')).toMatchObject({ kind: 'dev' });
    expect(await keysUnder(s3, 'index.html')).toEqual(['index.html']);
  }, 240_000);

  it('previews a pull request from a branch of the repository: one deployment per push with its URL, one comment updated, removal and inactive deployments on close; never a fork', async ({ onTestFinished }) => {
    const { s3, remote, push, pullRequest } = await devSetup(onTestFinished);
    const state: PullRequestState = { pulls: [], deployments: [], statuses: new Map(), comments: new Map() };
    const api = await pullRequestsApi(state);
    onTestFinished(api.stop);
    const token = 'ghs_pulltoken';
    const agent = await remote.clone('agent');
    await agent.git('checkout', '-q', '-b', 'claude/pr-nav');
    await agent.write({ 'site/content/posts/pr.md': '---\ntitle: From a pull request\ndate: 2026-01-04\n---\nPR.\n' });
    const first = await agent.commitAndPush('Nav for review', 'claude/pr-nav');
    // Someone else's comment is already there: handoff's is found by its marker, not by position.
    state.comments.set(42, [{ id: 11, body: 'Looks good so far', html_url: 'https://github.com/acme/handoff-site/pull/42#issuecomment-11' }]);
    state.pulls.push(pullRequestAnswer(42, { ref: 'claude/pr-nav', sha: first.after, repository: REPOSITORY }));

    // opened: deployed, recorded with the pull request, a deployment of the head commit with its URL, one comment
    const opened = await pullRequest('opened', 42, { ref: 'claude/pr-nav', sha: first.after }, { token, apiUrl: api.url });
    expectClean(opened);
    expect(opened.remove.ran).toBe(false);
    const prefix = opened.steps.target!.prefix!;
    expect(prefix).toBe(`previews/${previewSlug('claude/pr-nav')}/`);
    const url = opened.steps.record!.url!;
    expect(await (await fetch(url)).text()).toContain('From a pull request');
    expect(await recordOn(remote, 'claude/pr-nav')).toMatchObject({ branch: 'claude/pr-nav', commit: first.after, url, pull_request: 42 });
    expect(state.deployments).toHaveLength(1);
    expect(state.deployments[0]).toMatchObject({ ref: first.after, environment: 'preview/pr-42', transient_environment: true, production_environment: false });
    const firstDeployment = state.deployments[0]!.id as number;
    expect(state.statuses.get(firstDeployment)).toEqual([expect.objectContaining({ state: 'success', environment_url: url, log_url: expect.stringMatching(/\/actions\/runs\/\d+$/) })]);
    const comments = () => state.comments.get(42) ?? [];
    expect(comments()).toHaveLength(2);
    expect(comments()[1]?.body).toContain(PREVIEW_COMMENT_MARKER);
    expect(comments()[1]?.body).toContain(`| ${url} | \`${first.after.slice(0, 12)}\``);
    // Every API call carried the job's token, and the record push did not need the API.
    expect(api.requests.every((request) => request.endsWith(`Bearer ${token}`))).toBe(true);

    // a push to the branch: the push run finds the open pull request and updates the same comment
    await agent.write({ 'site/content/posts/pr.md': '---\ntitle: From a pull request, revised\ndate: 2026-01-04\n---\nPR.\n' });
    const second = await agent.commitAndPush('Revise', 'claude/pr-nav');
    state.pulls[0]!.head.sha = second.after;
    const pushed = await push('claude/pr-nav', second, { token, apiUrl: api.url });
    expectClean(pushed);
    expect(pushed.steps.announce).toMatchObject({ 'pull-requests': '42' });
    expect(state.deployments).toHaveLength(2);
    expect(state.deployments[0]).toMatchObject({ ref: second.after, environment: 'preview/pr-42' });
    expect(comments()).toHaveLength(2);
    expect(comments()[1]?.body).toContain(`\`${second.after.slice(0, 12)}\``);
    expect(comments()[1]?.body).not.toContain(first.after.slice(0, 12));
    // the synchronize run of the same push answers the same way: still one comment
    const synchronized = await pullRequest('synchronize', 42, { ref: 'claude/pr-nav', sha: second.after }, { token, apiUrl: api.url });
    expectClean(synchronized);
    expect(comments()).toHaveLength(2);
    expect(await (await fetch(url)).text()).toContain('revised');

    // the agent reads the preview by the pull request's number: URL, files, time, from the record
    const reader = await remote.clone('pr-reader');
    const byNumber = await handoffIn(reader, ['preview', '--pr', '42', '--json']);
    expect(byNumber.code, byNumber.stderr).toBe(0);
    const answered = JSON.parse(byNumber.stdout);
    expect(answered).toMatchObject({ ok: true, branch: 'claude/pr-nav', kind: 'preview', url, commit: second.after, pull_request: 42 });
    expect(answered.file_count).toBe(Number(synchronized.build.steps.build?.['file-count']));
    expect(answered.file_count).toBeGreaterThan(5);
    expect(Date.parse(answered.deployed_at)).toBeGreaterThan(Date.now() - 10 * 60_000);
    const text = await handoffIn(reader, ['preview', '--pr', '42']);
    expect(text.stdout).toContain(`preview of claude/pr-nav (pull request #42): ${url}`);
    expect(text.stdout).toContain(`, ${answered.file_count} files`);
    const unknown = await handoffIn(reader, ['preview', '--pr', '77']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no preview of pull request #77 is recorded: no record on origin/handoff/previews names pull request #77');
    const bad = await handoffIn(reader, ['preview', '--pr', '#42']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--pr: expected a pull request number such as 42, found '#42'");
    const client = new Client({ name: 'handoff-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), 'mcp', '--root', reader.dir], cwd: reader.dir, stderr: 'pipe' }));
    try {
      const tool = (await client.callTool({ name: 'preview_url', arguments: { pull_request: 42 } })) as { isError?: boolean; content: Array<{ text?: string }> };
      expect(tool.isError).toBeFalsy();
      expect(JSON.parse(tool.content[0]?.text ?? '')).toMatchObject({ branch: 'claude/pr-nav', url, pull_request: 42, file_count: answered.file_count });
    } finally {
      await client.close();
    }

    // a fork's pull request from a branch of the same name: nothing builds, nothing is posted
    const posted = api.requests.length;
    const fork = await pullRequest('opened', 43, { ref: 'claude/pr-nav', sha: second.after, repository: 'mallory/handoff-site' }, { token, apiUrl: api.url });
    expect(fork.build.ran).toBe(false);
    expect(fork.deploy.ran).toBe(false);
    expect(fork.remove.ran).toBe(false);
    expect(api.requests.length).toBe(posted);

    // closed: the preview goes (only its folder), every deployment of the pull request goes inactive, the comment says so
    const before = await keysUnder(s3, '');
    const closed = await pullRequest('closed', 42, { ref: 'claude/pr-nav', sha: second.after }, { token, apiUrl: api.url });
    expect(closed.build.ran).toBe(false);
    expect(closed.remove.ran).toBe(true);
    expect(closed.remove.failed, closed.remove.actions.map((a) => a.run.stdout).join('\n')).toBe(false);
    expect(await keysUnder(s3, prefix)).toEqual([]);
    expect(await keysUnder(s3, '')).toEqual(before.filter((key) => !key.startsWith(prefix)));
    expect(await recordOn(remote, 'claude/pr-nav')).toBeUndefined();
    expect(closed.retire.actions.at(-1)?.run.outputs.deactivated).toBe(String(state.deployments.length));
    for (const deployment of state.deployments) expect(state.statuses.get(deployment.id as number)?.[0]?.state).toBe('inactive');
    expect(comments()).toHaveLength(2);
    expect(comments()[1]?.body).toContain('### Preview removed');
    expect(comments()[1]?.body).toContain(`\`${prefix}\``);
  }, 300_000);

  it("with the sites: form, previews each site a push changes under the site's own prefix, rebuilds no other, and lists every site's preview in the one comment", async ({ onTestFinished }) => {
    const siteConfig = (name: string, devUrl: string) => [
      `  ${name}:`,
      `    path: sites/${name}`,
      '    environments:',
      '      dev:',
      `        base_url: ${devUrl}${name}/`,
      '        bucket: site-bucket',
      `        key_prefix: ${name}`,
      '        region: us-east-1',
      `        role_arn: ${DEV_ROLE}`,
    ];
    const { s3, gateway, remote, push, pullRequest, scheduled } = await devSetup(onTestFinished, [], {
      sites: ['blog', 'docs'],
      config: (devUrl) => ['sites:', ...siteConfig('blog', devUrl), ...siteConfig('docs', devUrl), ''].join('\n'),
    });
    const state: PullRequestState = { pulls: [], deployments: [], statuses: new Map(), comments: new Map() };
    const api = await pullRequestsApi(state);
    onTestFinished(api.stop);
    const token = 'ghs_sitestoken';
    const slug = previewSlug('claude/two-sites');
    const blogPrefix = `blog/previews/${slug}/`;
    const docsPrefix = `docs/previews/${slug}/`;
    const blogUrl = `${gateway.url}${blogPrefix}`;
    const docsUrl = `${gateway.url}${docsPrefix}`;
    const recordOf = async (site: string) => JSON.parse(await git(remote.bare, 'show', `${PREVIEW_RECORD_BRANCH}:${site}/${slug}.json`));

    // A branch changing both sites, its pull request opened: both built, each under its own prefix.
    const agent = await remote.clone('agent');
    await agent.git('checkout', '-q', '-b', 'claude/two-sites');
    await agent.write({
      'sites/blog/content/posts/launch.md': '---\ntitle: Blog launch\ndate: 2026-01-04\n---\nBlog.\n',
      'sites/docs/content/posts/guide.md': '---\ntitle: Docs guide\ndate: 2026-01-04\n---\nDocs.\n',
    });
    const first = await agent.commitAndPush('Both sites', 'claude/two-sites');
    state.pulls.push(pullRequestAnswer(42, { ref: 'claude/two-sites', sha: first.after, repository: REPOSITORY }));
    const opened = await pullRequest('opened', 42, { ref: 'claude/two-sites', sha: first.after }, { token, apiUrl: api.url });
    expectClean(opened);
    expect(JSON.parse(opened.selection.outputs.sites!)).toEqual(['blog', 'docs']);
    expect(Object.keys(opened.sites)).toEqual(['blog', 'docs']);
    expect(opened.sites.blog!.deploy.steps.target).toMatchObject({ prefix: blogPrefix, url: blogUrl, artifact: 'handoff-dev-site-blog' });
    expect(opened.sites.docs!.deploy.steps.target).toMatchObject({ prefix: docsPrefix, url: docsUrl, artifact: 'handoff-dev-site-docs' });
    expect(await (await fetch(blogUrl)).text()).toContain('Blog launch');
    const docsPage = await (await fetch(docsUrl)).text();
    expect(docsPage).toContain('Docs guide');
    expect(docsPage).not.toContain('Blog launch');
    expect(await recordOf('blog')).toMatchObject({ branch: 'claude/two-sites', site: 'blog', url: blogUrl, commit: first.after, prefix: blogPrefix, pull_request: 42 });
    expect(state.deployments.map((deployment) => deployment.environment).sort()).toEqual(['preview/pr-42/blog', 'preview/pr-42/docs']);
    const comment = () => (state.comments.get(42) ?? []).map((entry) => entry.body);
    expect(comment()).toHaveLength(1);
    expect(comment()[0]).toContain(`| blog | ${blogUrl} | \`${first.after.slice(0, 12)}\``);
    expect(comment()[0]).toContain(`| docs | ${docsUrl} | \`${first.after.slice(0, 12)}\``);

    // A push touching only the docs site: only docs is built and deployed; the comment still lists both.
    const blogKeys = await keysUnder(s3, blogPrefix);
    const blogRecord = await recordOf('blog');
    await agent.write({ 'sites/docs/content/posts/guide.md': '---\ntitle: Docs guide, revised\ndate: 2026-01-04\n---\nDocs.\n' });
    const second = await agent.commitAndPush('Docs only', 'claude/two-sites');
    state.pulls[0]!.head.sha = second.after;
    const docsOnly = await push('claude/two-sites', second, { token, apiUrl: api.url });
    expectClean(docsOnly);
    expect(JSON.parse(docsOnly.selection.outputs.sites!)).toEqual(['docs']);
    expect(Object.keys(docsOnly.sites)).toEqual(['docs']);
    expect(docsOnly.actions.filter((a) => a.action === 'hugo-build')).toHaveLength(1);
    expect(docsOnly.actions.find((a) => a.action === 'hugo-build')?.run.stdout ?? '').not.toContain('sites/blog');
    expect(await (await fetch(docsUrl)).text()).toContain('Docs guide, revised');
    expect(await keysUnder(s3, blogPrefix)).toEqual(blogKeys);
    expect(await recordOf('blog')).toEqual(blogRecord);
    expect(await recordOf('docs')).toMatchObject({ commit: second.after, site: 'docs' });
    expect(state.deployments).toHaveLength(3);
    expect(state.deployments[0]).toMatchObject({ ref: second.after, environment: 'preview/pr-42/docs' });
    expect(comment()).toHaveLength(1);
    expect(comment()[0]).toContain(`| blog | ${blogUrl} | \`${first.after.slice(0, 12)}\``);
    expect(comment()[0]).toContain(`| docs | ${docsUrl} | \`${second.after.slice(0, 12)}\``);

    // A push of handoff's own files only (a task file): no site is rebuilt.
    await agent.write({ 'tasks/pending/note.md': 'not a site\n' });
    const bookkeeping = await push('claude/two-sites', await agent.commitAndPush('A task file', 'claude/two-sites'), { token, apiUrl: api.url });
    expectClean(bookkeeping);
    expect(bookkeeping.selection.outputs).toMatchObject({ deploy: 'false', sites: '[]' });
    expect(bookkeeping.sites).toEqual({});
    expect(state.deployments).toHaveLength(3);

    // The agent reads every site's preview, by branch and by pull request.
    const byNumber = await handoffIn(agent, ['preview', '--pr', '42', '--json']);
    expect(byNumber.code, byNumber.stderr).toBe(0);
    const answered = JSON.parse(byNumber.stdout);
    expect(answered).toMatchObject({ branch: 'claude/two-sites', site: 'docs', url: docsUrl, commit: second.after, pull_request: 42 });
    expect(answered.sites).toEqual([
      expect.objectContaining({ site: 'blog', url: blogUrl, commit: first.after }),
      expect.objectContaining({ site: 'docs', url: docsUrl, commit: second.after }),
    ]);
    const text = await handoffIn(agent, ['preview', 'claude/two-sites']);
    expect(text.stdout).toContain(`preview of claude/two-sites, site blog (pull request #42): ${blogUrl}`);
    expect(text.stdout).toContain(`preview of claude/two-sites, site docs (pull request #42): ${docsUrl}`);

    // The sweep goes through each site (nothing is old enough here).
    const sweep = await scheduled();
    expectClean(sweep);
    expect(sweep.actions.filter((a) => a.name.startsWith('Remove previews')).map((a) => a.run.summary)).toEqual([expect.stringContaining('(site blog)'), expect.stringContaining('(site docs)')]);

    // Closed: each site's preview goes, only under its prefix; then the deployments go inactive.
    const closed = await pullRequest('closed', 42, { ref: 'claude/two-sites', sha: second.after }, { token, apiUrl: api.url });
    expect(closed.remove.failed, closed.remove.actions.map((a) => a.run.stdout).join('\n')).toBe(false);
    expect(closed.remove.actions.filter((a) => a.name.startsWith('Remove')).map((a) => a.run.outputs.removed)).toEqual([String(blogKeys.length), expect.stringMatching(/^[1-9]\d*$/)]);
    expect(await keysUnder(s3, blogPrefix)).toEqual([]);
    expect(await keysUnder(s3, docsPrefix)).toEqual([]);
    await expect(recordOf('blog')).rejects.toThrow();
    await expect(recordOf('docs')).rejects.toThrow();
    expect(closed.retire.actions.at(-1)?.run.outputs.deactivated).toBe('3');
    expect(comment()[0]).toContain('### Preview removed');
    expect(comment()[0]).toContain(`\`${blogPrefix}\`, \`${docsPrefix}\``);
  }, 300_000);

  it('removes a preview only within the max-deletes guard, and keeps its record while it is there', async ({ onTestFinished }) => {
    const { s3, remote, push, deleted } = await devSetup(onTestFinished, ['  max_deletes: 3']);
    const agent = await remote.clone('agent');
    await agent.git('checkout', '-q', '-b', 'claude/big');
    await agent.write({ 'site/content/posts/big.md': '---\ntitle: Big\ndate: 2026-01-04\n---\nBig.\n' });
    const pushed = await agent.commitAndPush('Big', 'claude/big');
    const preview = await push('claude/big', pushed);
    expectClean(preview);
    const prefix = preview.steps.target!.prefix!;
    const keys = await keysUnder(s3, prefix);
    expect(keys.length).toBeGreaterThan(3);

    await agent.git('push', '-q', 'origin', '--delete', 'claude/big');
    const refused = await deleted('claude/big');
    expect(refused.failed).toBe(true);
    expect(refused.actions.at(-1)?.run.stdout).toContain(`${keys.length} objects under ${prefix} exceed the max-deletes guard of 3; nothing deleted`);
    expect(await keysUnder(s3, prefix)).toEqual(keys);
    expect(await recordOn(remote, 'claude/big')).toMatchObject({ branch: 'claude/big' });
  }, 120_000);

  it("reads where to deploy from the default branch: a branch cannot retarget its preview, and other branches deploy nothing", async ({ onTestFinished }) => {
    const { s3, remote, push } = await devSetup(onTestFinished);
    const agent = await remote.clone('agent');
    await agent.git('checkout', '-q', '-b', 'claude/sneaky');
    // The branch rewrites handoff.yml to aim its "preview" at the dev site's root: ignored.
    const config = await agent.git('show', 'HEAD:handoff.yml');
    await agent.write({ 'handoff.yml': `${config}previews:\n  prefix: elsewhere/\n  branches: ['**']\n` });
    const sneaky = await push('claude/sneaky', await agent.commitAndPush('Retarget', 'claude/sneaky'));
    expectClean(sneaky);
    expect(sneaky.steps.target).toMatchObject({ kind: 'preview', prefix: `previews/${previewSlug('claude/sneaky')}/` });
    expect(await keysUnder(s3, 'elsewhere/')).toEqual([]);

    await agent.git('checkout', '-q', '-b', 'feature/x', 'origin/main');
    await agent.write({ 'site/content/posts/x.md': '---\ntitle: X\n---\nX.\n' });
    const feature = await push('feature/x', await agent.commitAndPush('X', 'feature/x'));
    expectClean(feature);
    expect(feature.steps.sites).toMatchObject({ deploy: 'false', sites: '[]' });
    expect(feature.actions.map((a) => a.action)).toEqual(['preview']);
    expect(feature.deploy.ran).toBe(false);
    expect(feature.environment?.url ?? '').toBe(''); // no deployment URL for what was not deployed
    expect(feature.actions[0]?.run.stdout).toContain("branch 'feature/x' gets no preview");
    expect(await keysUnder(s3, 'previews/')).toEqual((await keysUnder(s3, 'previews/')).filter((key) => key.startsWith(`previews/${previewSlug('claude/sneaky')}/`)));
  }, 120_000);
});

describe('dev-deploy workflow file', () => {
  it('the deploy job refuses a downloaded tree that is not the one the build job built', async ({ onTestFinished }) => {
    const site = await makeTempDir('handoff-digest');
    onTestFinished(site.remove);
    await writeTree(site.path, { 'built/index.html': '<h1>Built</h1>', 'built/.well-known/security.txt': 'Contact: x' });
    const digest = await runAction('preview', { workspace: site.path, inputs: { command: 'digest', 'source-dir': 'built' } });
    expect(digest.code, digest.stdout).toBe(0);
    expect(digest.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await runAction('preview', { workspace: site.path, inputs: { command: 'verify', 'source-dir': 'built', digest: digest.outputs.digest! } })).code).toBe(0);
    // A file changed, or a hidden file left out on the way: refused, with both digests named.
    await writeTree(site.path, { 'built/.well-known/security.txt': 'Contact: mallory' });
    const refused = await runAction('preview', { workspace: site.path, inputs: { command: 'verify', 'source-dir': 'built', digest: digest.outputs.digest! } });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain(`the build job's was ${digest.outputs.digest}: nothing deployed`);
  });

  it('passes both workflow linters (GitHub\'s workflow parser and actionlint), with the preview action\'s metadata', async () => {
    const linted = await execFileAsync(process.execPath, ['scripts/lint-workflows.mjs', '.github/workflows/dev-deploy.yml', '.github/workflows/dev-deploy-site.yml', 'actions/preview/action.yml'], { cwd: PROJECT_ROOT });
    expect(linted.stdout).toContain('3 files, no findings');
  });

  it('runs on pushes to main and claude/**, on pull requests (opened, pushed to, reopened, closed), on branch deletes, and on a schedule for the sweep', async () => {
    const workflow = await loadWorkflow('dev-deploy.yml');
    expect(workflow.on).toMatchObject({ push: { branches: ['main', 'claude/**'] }, pull_request: { types: ['opened', 'synchronize', 'reopened', 'closed'] }, delete: null, workflow_dispatch: null });
    expect((workflow.on as { schedule: unknown[] }).schedule).toHaveLength(1);
    expect(workflow.permissions).toEqual({});
  });

  it('cancels older runs of the same branch and site only, and never a run of main', async () => {
    const { jobs } = await loadWorkflow('dev-deploy.yml');
    const site = await loadWorkflow('dev-deploy-site.yml');
    const deploy = site.jobs.deploy!;
    const groupOf = (expression: string, github: Record<string, unknown>, name = 'blog') =>
      expression.replace(/\$\{\{(.+?)\}\}/g, (_m, inner: string) => String(evaluate(inner.trim(), { github, inputs: { site: name }, matrix: { site: name } })));
    const pushOf = (branch: string) => ({ ref: `refs/heads/${branch}`, ref_name: branch, event: { repository: { default_branch: 'main' } } });
    const cancels = (github: Record<string, unknown>) => evaluate(deploy.concurrency!['cancel-in-progress']!.toString().replace(/^\$\{\{|\}\}$/g, '').trim(), { github });
    const groups = ['main', 'claude/a', 'claude/b', 'claude/main'].map((branch) => groupOf(deploy.concurrency!.group, pushOf(branch)));
    expect(new Set(groups).size).toBe(4);
    // Two sites of one push deploy side by side.
    expect(groupOf(deploy.concurrency!.group, pushOf('claude/a'), 'docs')).not.toBe(groups[1]);
    expect(cancels(pushOf('main'))).toBe(false);
    expect(cancels(pushOf('claude/a'))).toBe(true);
    // A push and its pull request's synchronize run share the branch's group: the newer cancels the older.
    const synchronize = { ref: 'refs/pull/42/merge', ref_name: '42/merge', head_ref: 'claude/a', event: { repository: { default_branch: 'main' } } };
    expect(groupOf(deploy.concurrency!.group, synchronize)).toBe(groups[1]);
    expect(groupOf(site.jobs.build!.concurrency!.group, synchronize)).toBe(groupOf(site.jobs.build!.concurrency!.group, pushOf('claude/a')));
    expect(cancels(synchronize)).toBe(true);
    const closed = groupOf(jobs.remove!.concurrency!.group, { ...synchronize, event: { action: 'closed' } });
    expect(closed).toBe(groups[1]);
    // A deleted branch's removal of a site shares that branch's and site's group (cancelling its deploy still in flight), never main's.
    const removal = groupOf(jobs.remove!.concurrency!.group, { ref: 'refs/heads/main', event: { ref: 'claude/a', repository: { default_branch: 'main' } } });
    expect(removal).toBe(groupOf(deploy.concurrency!.group, pushOf('claude/a')));
    expect(removal).not.toBe(groups[0]);
    expect(jobs.sweep!.concurrency).toEqual({ group: 'handoff-dev-sweep-${{ matrix.site }}', 'cancel-in-progress': false });
  });

  it('uses the dev environment and its role only, with least privilege and pinned third-party actions; no job that runs hugo holds id-token', async () => {
    const { jobs } = await loadWorkflow('dev-deploy.yml');
    const site = await loadWorkflow('dev-deploy-site.yml');
    const pins: Record<string, string> = {
      'actions/checkout': '3d3c42e5aac5ba805825da76410c181273ba90b1',
      'aws-actions/configure-aws-credentials': 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
      'actions/upload-artifact': 'ea165f8d65b6e75b540449e92b4886f43607fa02',
      'actions/download-artifact': 'd3f86a106a0bac45b974a628896c90dbdf5c8093',
    };
    expect(Object.keys(jobs)).toEqual(['sites', 'site', 'announce', 'remove', 'retire', 'sweep']);
    expect(Object.keys(site.jobs)).toEqual(['build', 'deploy']);
    expect(jobs.sites!.permissions).toEqual({ contents: 'read' });
    expect(jobs.site!).toMatchObject({ uses: './.github/workflows/dev-deploy-site.yml', with: { site: '${{ matrix.site }}' } });
    expect(jobs.site!.permissions).toEqual({ contents: 'write', 'id-token': 'write', 'pull-requests': 'read' });
    expect(jobs.announce!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', deployments: 'write' });
    // The comment is posted after a site's leg failed too (the others' records stand), not when nothing was deployed.
    const announceIf = (deploy: string) => interpolate(jobs.announce!.if ?? '', { needs: { sites: { outputs: { deploy } }, site: { result: 'failure' } } });
    expect(announceIf('true')).toBe(true);
    expect(announceIf('false')).toBe(false);
    expect(evaluate('!cancelled() && always()', {})).toBe(true);
    expect(jobs.remove!.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(jobs.retire!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', deployments: 'write' });
    expect(jobs.sweep!.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(site.jobs.build!.permissions).toEqual({ contents: 'read' });
    expect(site.jobs.build!.environment).toBeUndefined();
    expect(site.jobs.deploy!.permissions).toEqual({ contents: 'write', 'id-token': 'write', 'pull-requests': 'read' });
    for (const [name, job] of [...Object.entries(jobs), ...Object.entries(site.jobs).map(([id, job]) => [`site.${id}`, job] as const)]) {
      if (job.uses) continue; // the call: its jobs are checked as site.*
      const runsSiteCode = job.steps.some((step) => step.uses === './actions/hugo-build' || step.uses === './actions/setup-hugo');
      expect(runsSiteCode, name).toBe(name === 'site.build');
      if (job.permissions?.['id-token']) {
        const environment = typeof job.environment === 'string' ? job.environment : job.environment?.name;
        expect(environment, name).toBe('dev');
        // The jobs holding the dev role check out the default branch: no code of the previewed branch runs there.
        expect(job.steps[0]?.with?.ref, name).toBe('${{ github.event.repository.default_branch }}');
      }
      for (const step of job.steps) {
        if (!step.uses || step.uses.startsWith('./')) continue;
        const [action, ref] = step.uses.split('@');
        expect(pins[action!], step.uses).toBe(ref);
        // The role comes from the default branch's handoff.yml, read in the job that assumes it.
        if (action === 'aws-actions/configure-aws-credentials') expect(String(step.with?.['role-to-assume'])).toMatch(/^\$\{\{ steps\.(dev|target)\.outputs\.role-arn \}\}$/);
      }
    }
    // The deploy job reads its target, then checks the downloaded tree against the build job's digest before anything else touches it.
    const deploySteps = site.jobs.deploy!.steps.map((step) => step.uses?.split('@')[0]);
    expect(deploySteps.slice(0, 4)).toEqual(['actions/checkout', './actions/preview', 'actions/download-artifact', './actions/preview']);
    expect(site.jobs.deploy!.steps[1]?.with).toMatchObject({ command: 'target', site: '${{ inputs.site }}' });
    expect(site.jobs.deploy!.steps[3]?.with).toMatchObject({ command: 'verify', digest: '${{ needs.build.outputs.digest }}' });
    expect(JSON.stringify(jobs) + JSON.stringify(site.jobs)).not.toMatch(/staging|production/);
  });
});
