import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { startGitHubApi } from '../actions/github-api-server.js';
import { makeRemote, orchestrationRepo, remoteFile, remoteFiles, runAction } from '../actions/harness.js';
import { siteFiles, taskText } from './fixtures.js';

const execFileAsync = promisify(execFile);

it('the sweep fails a dead production claim of one site with a result linked under that site', async ({ onTestFinished }) => {
  const config = ['docs', 'blog']
    .map((site) => `  ${site}:\n    path: sites/${site}\n    environments:\n      production:\n        bucket: ${site}-production\n        role_arn: arn:aws:iam::123456789012:role/${site}\n`)
    .join('');
  const id = '2026-01-19-1500-hugo-deploy-blog-production';
  const task = taskText(id, [
    'type: hugo-deploy',
    'environment: production',
    'site: blog',
    'description: "Release blog"',
    'confirmation: "DEPLOY TO PRODUCTION"',
    'changes_summary: "New posts"',
    'staging_url: "https://staging.blog.example.org/"',
    'params:',
    '  site_path: sites/blog',
  ]);
  const remote = await makeRemote(orchestrationRepo(`sites:\n${config}`, { ...siteFiles('sites/docs', 'Docs'), ...siteFiles('sites/blog', 'Blog'), [`tasks/pending/${id}.md`]: task }));
  onTestFinished(remote.remove);
  // The claim: a commit five hours old carrying the run trailer, as the plan writes it.
  const admin = await remote.clone('admin');
  const at = new Date(Date.now() - 5 * 3600_000).toISOString();
  const env = { ...process.env, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at, GIT_AUTHOR_NAME: 'bot', GIT_AUTHOR_EMAIL: 'bot@example.org', GIT_COMMITTER_NAME: 'bot', GIT_COMMITTER_EMAIL: 'bot@example.org' };
  await execFileAsync('git', ['mv', `tasks/pending/${id}.md`, `tasks/in-progress/${id}.md`], { cwd: admin.dir, env });
  await execFileAsync('git', ['commit', '-qm', 'handoff: claim 1 task [skip ci]\n\nHandoff-Run: 11'], { cwd: admin.dir, env });
  await execFileAsync('git', ['push', '-q', 'origin', 'HEAD:main'], { cwd: admin.dir, env });
  const api = await startGitHubApi((method, url) => (method === 'GET' && url.endsWith('/actions/runs/11') ? { status: 200, body: { status: 'completed', conclusion: 'cancelled' } } : undefined));
  onTestFinished(api.stop);
  const checkout = await remote.clone('sweeper');

  const sweep = await runAction('sweep', { workspace: checkout.dir, eventName: 'schedule', inputs: { 'github-token': 't', 'timeout-minutes': '60' }, env: { GITHUB_API_URL: api.url } });

  expect(sweep.code, sweep.stdout + sweep.stderr).toBe(0);
  expect(sweep.outputs).toMatchObject({ failed: '1' });
  const results = await remoteFiles(remote.bare, 'results');
  expect(results).toContain('results/latest/blog/hugo-deploy-production.result.md');
  expect(results).not.toContain('results/latest/hugo-deploy-production.result.md');
  const target = await remoteFile(remote.bare, 'results/latest/blog/hugo-deploy-production.result.md');
  expect(target).toMatch(new RegExp(`^\\.\\./\\.\\./\\d{4}-\\d{2}-\\d{2}/${id}\\.result\\.md$`));
  expect(await remoteFile(remote.bare, `results/${target.slice('../../'.length)}`)).toMatch(/\nsite: blog\nstatus: failed\n/);
});
