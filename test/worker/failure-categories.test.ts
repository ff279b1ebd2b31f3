import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunDependencies, runTask, type RunDependencies } from '../../src/worker/run-task.js';
import { loadConfig } from '../../src/config/load-config.js';
import { THROTTLED_DEPLOY_RETRY_DELAY_MS } from '../../src/worker/deploy-worker.js';
import { makeTempRepo, MINIMAL_SITE, type TempRepo } from '../helpers/temp-repo.js';
import { startProxy, s3ErrorXml } from '../servers/fault-proxy.js';
import { s3Operation, startS3Server, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';

let s3: TestS3Server;
beforeAll(async () => {
  useTestCredentials();
  s3 = await startS3Server({ bucket: 'site-bucket' });
});
afterAll(async () => {
  await s3.stop();
});

const ID = '2026-12-01-1200-hugo-deploy-categories';

function deployTask(params: string[] = []): string {
  return [
    '---',
    `id: ${ID}`,
    'type: hugo-deploy',
    'environment: dev',
    'description: Deploy the site',
    'created: 2026-12-01T12:00:00Z',
    'requested_by: test',
    'git_branch: main',
    'params:',
    '  site_path: site',
    '  invalidate: false',
    ...params.map((line) => `  ${line}`),
    'success_criteria:',
    '  - deployment_success == true',
    '---',
    '',
  ].join('\n');
}

async function repoWith(onTestFinished: (cleanup: () => Promise<void>) => void, handoffYml: string, params: string[] = []): Promise<TempRepo> {
  const repo = await makeTempRepo({ ...MINIMAL_SITE, 'handoff.yml': handoffYml, [`tasks/pending/${ID}.md`]: deployTask(params) }, { git: false });
  onTestFinished(() => repo.remove());
  return repo;
}

function deps(s3Endpoint: string, prefix: string, onSleep: (ms: number) => void = () => {}): RunDependencies {
  const siteUrl = `${s3.directEndpoint}/site-bucket/${prefix}/index.html`;
  return { ...defaultRunDependencies, deployOverrides: { s3Endpoint, siteUrl }, sleep: async (ms) => onSleep(ms) };
}

const CONFIG = 'site_path: site\nenvironments:\n  dev:\n    bucket: site-bucket\n    key_prefix: categories\n    base_url: http://localhost:1313/\n';

/** A proxy in front of s3rver that answers every PutObject with 503 SlowDown while `throttling` is on. */
async function throttlingProxy() {
  const state = { throttling: true, throttled: 0 };
  const proxy = await startProxy({
    target: s3.endpoint,
    decide: (req) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const isPut = s3Operation({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams }) === 'PutObject';
      if (isPut && state.throttling) {
        state.throttled += 1;
        return { kind: 'respond', status: 503, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') };
      }
      return { kind: 'forward' };
    },
  });
  return { proxy, state };
}

describe('failure categories the agent can act on', () => {
  it('S3 throttling past the SDK retries: the worker waits and deploys once more, and succeeds', async ({ onTestFinished }) => {
    const repo = await repoWith(onTestFinished, CONFIG.replace('categories', 'throttled-once'));
    // Every PUT of the first deploy is refused through all the SDK's attempts; S3 has calmed down by the worker's retry.
    const { proxy, state } = await throttlingProxy();
    onTestFinished(() => proxy.stop());
    const sleeps: number[] = [];
    const outcome = await runTask({ root: repo.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(repo.root) }, deps(proxy.endpoint, 'throttled-once', (ms) => {
      sleeps.push(ms);
      state.throttling = false;
    }));
    expect(state.throttled).toBeGreaterThanOrEqual(5);
    expect(sleeps).toEqual([THROTTLED_DEPLOY_RETRY_DELAY_MS]);
    expect(outcome.result.error).toBeNull();
    expect(outcome.result.status).toBe('success');
    expect(outcome.result.outputs.uploaded_files).toBeGreaterThan(3);
    const result = await repo.read(outcome.resultPath);
    expect(result).toContain('S3 throttled the deploy (SlowDown) after the SDK\'s retries; deploying once more in 30 s');
  });

  it('S3 throttling that outlasts the worker retry: s3-throttled, retry later', async ({ onTestFinished }) => {
    const repo = await repoWith(onTestFinished, CONFIG.replace('categories', 'throttled-always'));
    const { proxy } = await throttlingProxy();
    onTestFinished(() => proxy.stop());
    const sleeps: number[] = [];
    const outcome = await runTask({ root: repo.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(repo.root) }, deps(proxy.endpoint, 'throttled-always', (ms) => sleeps.push(ms)));
    expect(sleeps).toHaveLength(1);
    expect(outcome.result.error).toMatchObject({ category: 's3-throttled', action: 'auto-fix' });
    expect(outcome.result.error?.next_step).toMatch(/^S3 throttled the deploy \(SlowDown\) after the SDK's retries and the worker's own retry with backoff; .*Submit a new task with the same params in a few minutes/);
  });

  it('the max-deletes guard: deploy-guard with the count and the setting to raise', async ({ onTestFinished }) => {
    const config = CONFIG.replace('categories', 'guarded');
    const first = await repoWith(onTestFinished, config);
    expect((await runTask({ root: first.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(first.root) }, deps(s3.endpoint, 'guarded'))).result.status).toBe('success');
    // The same bucket and prefix, a site without its posts (their pages, the section, its feed), and a guard of 1.
    const site = { ...MINIMAL_SITE };
    delete site['site/content/posts/first.md'];
    delete site['site/content/posts/second.md'];
    const second = await makeTempRepo({ ...site, 'handoff.yml': config, [`tasks/pending/${ID}.md`]: deployTask(['max_deletes: 1']) }, { git: false });
    onTestFinished(() => second.remove());
    const outcome = await runTask({ root: second.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(second.root) }, deps(s3.endpoint, 'guarded'));
    expect(outcome.result.error).toMatchObject({ category: 'deploy-guard', action: 'escalate' });
    const deletes = /would delete (\d+) objects/.exec(outcome.result.error?.message ?? '')?.[1];
    expect(Number(deletes)).toBeGreaterThan(1);
    expect(outcome.result.error?.next_step).toContain(`would delete ${deletes} objects, more than max_deletes (1)`);
    expect(outcome.result.error?.next_step).toContain(`raise max_deletes to at least ${deletes} (params.max_deletes in the task, or environments.<environment>.max_deletes in handoff.yml)`);
  });

  it('handoff.yml without the setting a task needs, or invalid: handoff-config naming the key', async ({ onTestFinished }) => {
    const noBucket = await repoWith(onTestFinished, 'site_path: site\nenvironments:\n  dev:\n    base_url: http://localhost:1313/\n');
    const missing = await runTask({ root: noBucket.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(noBucket.root) }, deps(s3.endpoint, 'categories'));
    expect(missing.result.error).toMatchObject({ category: 'handoff-config', action: 'escalate', file: 'handoff.yml' });
    expect(missing.result.error?.next_step).toContain('environments.dev.bucket');

    const invalid = await repoWith(onTestFinished, 'site_path: site\nenvironments:\n  dev:\n    bucket: site-bucket\n    max_deletes: lots\n');
    const outcome = await runTask({ root: invalid.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(invalid.root) }, deps(s3.endpoint, 'categories'));
    expect(outcome.result.error).toMatchObject({ category: 'handoff-config', action: 'escalate', file: 'handoff.yml', line: 5 });
    expect(outcome.result.error?.next_step).toBe(
      'Escalate: ask the user to fix environments.dev.max_deletes (handoff.yml line 5) in handoff.yml (`handoff validate` checks it); an agent does not change where a deploy goes. Then submit a new task.',
    );
  });
});
