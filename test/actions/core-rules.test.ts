import { describe, expect, it } from 'vitest';
import { gitFor } from '../../src/git/git-runner.js';
import { backoffMs, isRetryablePush, pushWithRetry, PushRetriesExhaustedError } from '../../src/git/push-with-retry.js';
import { checkProductionProtection } from '../../src/github/production-gate.js';
import { decideClaim, type Claim } from '../../src/workflow/sweep-claims.js';
import { branchMatches } from '../../src/workflow/branch-pattern.js';
import { siteSourceOf } from '../../src/workflow/site-source.js';
import { parseFrontMatter } from '../../src/task/front-matter.js';
import { validateTask, type Task } from '../../src/task/validate-task.js';
import { makeRemote, orchestrationRepo } from './harness.js';

describe('push retry', () => {
  it.each([
    ['! [rejected]        main -> main (fetch first)', true],
    ['!\tabc:refs/heads/main\t[rejected] (non-fast-forward)', true],
    ["remote: error: cannot lock ref 'refs/heads/main': is at 4039a1 but expected 401b2c", true],
    ['fatal: unable to access: The requested URL returned error: 502', true],
    ['remote: error: GH006: Protected branch update failed for refs/heads/main.', false],
    ['remote: Permission to acme/site.git denied to github-actions[bot].', false],
    ['fatal: unable to access: The requested URL returned error: 403', false],
    ['fatal: repository not found', false],
  ])('%s -> retry %s', (output, retry) => {
    expect(isRetryablePush(output)).toBe(retry);
  });

  it('backs off exponentially with jitter, within the cap', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, { ...policy, random: () => 0 })).toBe(50);
    expect(backoffMs(1, { ...policy, random: () => 1 })).toBe(100);
    expect(backoffMs(3, { ...policy, random: () => 0.5 })).toBe(300);
    expect(backoffMs(10, { ...policy, random: () => 1 })).toBe(1000);
  });

  it('derives the change again from the new head after a rejected push, sleeping between attempts', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const mine = await remote.clone('mine');
    const theirs = await remote.clone('theirs');
    const git = gitFor(mine.dir, { env: process.env, identity: { name: 'bot', email: 'bot@example.org' } });
    const sleeps: number[] = [];
    const heads: string[] = [];

    const outcome = await pushWithRetry(
      git,
      { remote: 'origin', branch: 'main' },
      async (head) => {
        heads.push(head);
        if (heads.length === 1) {
          // Someone else pushes between our fetch and our push.
          await theirs.write({ 'other.txt': 'theirs' });
          await theirs.commitAndPush('theirs');
        }
        return { edits: [{ kind: 'file', path: 'mine.txt', content: `on top of ${head}` }], message: 'mine', value: heads.length };
      },
      { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000, sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );

    expect(outcome.attempts).toBe(2);
    expect(sleeps).toEqual([50]);
    expect(heads[1]).not.toBe(heads[0]);
    const check = await remote.clone('check');
    expect(await check.git('show', 'HEAD:mine.txt')).toBe(`on top of ${heads[1]}`);
    expect(await check.git('show', 'HEAD:other.txt')).toBe('theirs');
  });

  it('gives up after the last attempt with an error that says so', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const mine = await remote.clone('mine');
    const theirs = await remote.clone('theirs');
    const git = gitFor(mine.dir, { env: process.env, identity: { name: 'bot', email: 'bot@example.org' } });
    let round = 0;
    const push = pushWithRetry(
      git,
      { remote: 'origin', branch: 'main' },
      async () => {
        await theirs.write({ 'other.txt': `round ${++round}` });
        await theirs.commitAndPush(`theirs ${round}`);
        return { edits: [{ kind: 'file', path: 'mine.txt', content: 'mine' }], message: 'mine', value: undefined };
      },
      { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined, random: () => 0 },
    );
    await expect(push).rejects.toBeInstanceOf(PushRetriesExhaustedError);
    await expect(push).rejects.toThrow(/still rejected after 2 attempts/);
  });
});

describe('production protection', () => {
  it('passes with required reviewers and warns when admins may bypass them', () => {
    expect(checkProductionProtection('production', { found: true, protectionRules: [{ type: 'required_reviewers', reviewers: 2 }], canAdminsBypass: true }, false)).toMatchObject({
      kind: 'protected',
      reviewers: 2,
      warning: expect.stringMatching(/admins can bypass/),
    });
  });

  it.each([
    ['no environment', { found: false as const }],
    ['a wait timer only', { found: true as const, protectionRules: [{ type: 'wait_timer' }], canAdminsBypass: false }],
    ['reviewers rule with nobody in it', { found: true as const, protectionRules: [{ type: 'required_reviewers', reviewers: 0 }], canAdminsBypass: false }],
    ['an API error', { error: 'HTTP 403 Resource not accessible by integration' }],
  ])('fails closed with %s, unless allowed explicitly', (_name, lookup) => {
    expect(checkProductionProtection('production', lookup, false)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/^production deploy refused: /) });
    expect(checkProductionProtection('production', lookup, true)).toMatchObject({ kind: 'allowed-unprotected' });
  });
});

describe('sweep rule', () => {
  const now = new Date('2026-01-19T12:00:00Z');
  const claim = (overrides: Partial<Claim> = {}): Claim => ({
    fileName: 't.md',
    blob: 'b',
    task: undefined,
    claimedAt: new Date('2026-01-19T08:00:00Z'),
    runId: '7',
    claims: 1,
    ...overrides,
  });
  const context = { now, timeoutMinutes: 60, maxClaims: 2, finishedRunId: undefined, runState: { status: 'completed', conclusion: 'cancelled' } };

  it('requeues an old claim whose run completed', () => {
    expect(decideClaim(claim(), { ...context, runState: { status: 'completed', conclusion: 'failure' } })).toMatchObject({ action: 'requeue', reason: expect.stringMatching(/240 min ago .* run 7, which is completed \(failure\)/) });
  });
  it('fails, never requeues, an old claim whose run was cancelled', () => {
    expect(decideClaim(claim(), context)).toMatchObject({ action: 'fail', reason: expect.stringMatching(/run 7, which is completed \(cancelled\); a cancelled task is not run again/) });
  });
  it('fails the claims of its own finished run when that run was cancelled', () => {
    expect(decideClaim(claim({ claimedAt: now }), { ...context, finishedRunId: '7', finishedRunCancelled: true, runState: undefined })).toMatchObject({ action: 'fail', reason: expect.stringMatching(/was cancelled/) });
  });
  it('keeps an old claim whose run state the API could not give (it may be waiting for approval)', () => {
    expect(decideClaim(claim({ task: { environment: 'production' } as Task }), { ...context, runState: 'unknown' })).toMatchObject({ action: 'keep', reason: expect.stringMatching(/could not be read/) });
  });
  it('lets age alone decide without a token', () => {
    expect(decideClaim(claim(), { ...context, runState: 'not-asked' })).toMatchObject({ action: 'requeue', reason: expect.stringMatching(/no token/) });
  });
  it('keeps a claim whose run still waits (for approval)', () => {
    expect(decideClaim(claim(), { ...context, runState: { status: 'waiting', conclusion: null } })).toMatchObject({ action: 'keep' });
  });
  it('keeps a young claim', () => {
    expect(decideClaim(claim({ claimedAt: new Date('2026-01-19T11:30:00Z') }), context)).toMatchObject({ action: 'keep' });
  });
  it('fails a task claimed as often as allowed', () => {
    expect(decideClaim(claim({ claims: 2 }), context)).toMatchObject({ action: 'fail', reason: expect.stringMatching(/claimed 2 times already/) });
  });
  it('treats the claims of a finished run as dead at once', () => {
    expect(decideClaim(claim({ claimedAt: now }), { ...context, finishedRunId: '7', runState: undefined })).toMatchObject({ action: 'requeue' });
  });
  it('keeps a claim it cannot date rather than guess', () => {
    expect(decideClaim(claim({ claimedAt: undefined }), context)).toMatchObject({ action: 'keep', reason: expect.stringMatching(/fetch-depth: 0/) });
  });
});

describe('branch patterns', () => {
  it.each([
    ['main', 'main', true],
    ['main', 'maint', false],
    ['release/*', 'release/1.2', true],
    ['release/*', 'release/1/2', false],
    ['release/**', 'release/1/2', true],
    ['feature-*', 'feature-x.y', true],
  ])('%s matches %s: %s', (pattern, branch, matches) => {
    expect(branchMatches(pattern, branch)).toBe(matches);
  });
});

describe('site repository of a task', () => {
  // A task the schema accepted, then given the params under test (typed, some the schema would refuse: siteSourceOf must refuse them too).
  const accepted = validatedTask(['---', 'id: "2026-01-19-1500-hugo-build-x"', 'type: hugo-build', 'environment: staging', 'description: "x"', 'created: "2026-01-19T15:00:00Z"', 'params:', '  site_path: "site"', '---', ''].join('\n'));
  const task = (params: { site_repository?: string; site_ref?: string }): Task => ({ ...accepted, params: { ...accepted.params, ...params } });
  const workflow = { site_repositories: ['acme/marketing'], site_repository_token_secret: 'SITE_TOKEN' };

  it('is none for a site in this repository', () => {
    expect(siteSourceOf(task({}), workflow)).toEqual({ ok: true, source: undefined });
  });
  it('is read from params and checked against the allow-list', () => {
    expect(siteSourceOf(task({ site_repository: 'acme/marketing', site_ref: 'v2' }), workflow)).toEqual({
      ok: true,
      source: { repository: 'acme/marketing', ref: 'v2', tokenSecret: 'SITE_TOKEN' },
    });
    expect(siteSourceOf(task({ site_repository: 'evil/site' }), workflow)).toMatchObject({ ok: false, fixable: false, message: expect.stringMatching(/not in workflow.site_repositories/) });
    expect(siteSourceOf(task({ site_repository: 'acme/marketing' }), { site_repositories: ['acme/marketing'] })).toMatchObject({ ok: false, message: expect.stringMatching(/site_repository_token_secret/) });
  });
  it.each([['not a repo'], ['../x/y'], ['acme/site; rm -rf /']])('refuses the repository %s', (repository) => {
    expect(siteSourceOf(task({ site_repository: repository }), workflow)).toMatchObject({ ok: false, fixable: true });
  });
  it.each([['-delete'], ['a..b'], ['main branch']])('refuses the ref %s', (ref) => {
    expect(siteSourceOf(task({ site_repository: 'acme/marketing', site_ref: ref }), workflow)).toMatchObject({ ok: false, field: 'params.site_ref' });
  });
});

/** The hugo-build task a task file's text validates to; throws with the problems when it does not. */
function validatedTask(text: string): Extract<Task, { type: 'hugo-build' }> {
  const shownAs = 'tasks/pending/2026-01-19-1500-hugo-build-x.md';
  const parsed = parseFrontMatter(text, shownAs);
  const validated = parsed.ok ? validateTask(parsed.file, shownAs) : undefined;
  if (!validated?.ok || validated.task.type !== 'hugo-build') throw new Error(`the fixture is not a valid hugo-build task: ${JSON.stringify(parsed.ok ? validated : parsed.problems)}`);
  return validated.task;
}
