import { describe, expect, it } from 'vitest';
import { environmentsApi } from '../actions/github-api-server.js';
import { makeRemote, orchestrationRepo, pushEvent, remoteFile, remoteFiles, runAction } from '../actions/harness.js';
import { siteFiles, taskText } from './fixtures.js';

const CONFIG = ['docs', 'blog']
  .flatMap((site) => [
    `  ${site}:`,
    `    path: sites/${site}`,
    '    environments:',
    '      production:',
    `        base_url: https://${site}.example.org/`,
    `        bucket: ${site}-production`,
    `        role_arn: arn:aws:iam::123456789012:role/handoff-${site}-production`,
  ])
  .join('\n');

function productionTask(site: string, minute: number): [string, string] {
  const id = `2026-01-19-15${minute}-hugo-deploy-${site}-production`;
  return [
    `tasks/pending/${id}.md`,
    taskText(id, [
      'type: hugo-deploy',
      'environment: production',
      `site: ${site}`,
      `description: "Release ${site}"`,
      'confirmation: "DEPLOY TO PRODUCTION"',
      `changes_summary: "New ${site} pages"`,
      `staging_url: "https://staging.${site}.example.org/"`,
      'params:',
      `  site_path: "sites/${site}"`,
    ]),
  ];
}

describe('each site of several has its own production gate', () => {
  it('asks for production-<site>, runs each in that GitHub environment, and refuses the site whose environment has no reviewers', async ({ onTestFinished }) => {
    const api = await environmentsApi({
      'production-blog': { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] },
      'production-docs': { protection_rules: [{ type: 'branch_policy' }] },
      production: { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] },
    });
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo(`sites:\n${CONFIG}\n`, { ...siteFiles('sites/docs', 'Docs'), ...siteFiles('sites/blog', 'Blog') }));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    await agent.write(Object.fromEntries([productionTask('docs', 10), productionTask('blog', 11)]));
    const range = await agent.commitAndPush('Release both');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range), inputs: { 'github-token': 'test-token' }, env: { GITHUB_API_URL: api.url } });

    expect(run.code, run.stderr).toBe(0);
    expect([...api.requests].sort()).toEqual([
      'GET /repos/acme/handoff-site/environments/production-blog Bearer test-token',
      'GET /repos/acme/handoff-site/environments/production-docs Bearer test-token',
    ]);
    const matrix = JSON.parse(run.outputs.matrix ?? '') as { task: Array<Record<string, unknown>> };
    expect(matrix.task).toEqual([
      expect.objectContaining({
        site: 'blog',
        environment: 'production',
        github_environment: 'production-blog',
        concurrency_group: 'handoff-deploy-blog-production',
        role_arn: 'arn:aws:iam::123456789012:role/handoff-blog-production',
        site_url: 'https://blog.example.org/',
      }),
    ]);
    expect(run.summary).toMatch(/This will update the customer-facing site at https:\/\/blog.example.org\//);
    expect(run.stdout).toMatch(/::error title=Production is not protected,file=tasks\/pending\/2026-01-19-1510-hugo-deploy-docs-production\.md.*the GitHub environment "production-docs" has no required reviewers/);
    const results = await remoteFiles(remote.bare, 'results');
    const refused = await remoteFile(remote.bare, results.find((file) => file.includes('docs-production.result.md') && !file.includes('latest')) ?? '');
    expect(refused).toMatch(/\nsite: docs\nstatus: failed\n/);
    expect(refused).toMatch(/sites\.docs\.environments\.production\.allow_unprotected: true/);
    expect(results).toContain('results/latest/docs/hugo-deploy-production.result.md');
    expect(await remoteFiles(remote.bare, 'tasks/in-progress')).toContain('tasks/in-progress/2026-01-19-1511-hugo-deploy-blog-production.md');
  });
});

describe('a site of another repository', () => {
  it('is refused by the plan when handoff.yml names no token secret for it, saying which key to set', async ({ onTestFinished }) => {
    const config = 'sites:\n  shop:\n    repository: acme/shop-site\n    path: site\n    environments:\n      staging:\n        bucket: shop-staging\n        role_arn: arn:aws:iam::123456789012:role/shop\n';
    const remote = await makeRemote(orchestrationRepo(config));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const id = '2026-01-19-1600-hugo-deploy-shop-staging';
    await agent.write({ [`tasks/pending/${id}.md`]: taskText(id, ['type: hugo-deploy', 'environment: staging', 'site: shop', 'description: "x"', 'params:', '  site_path: site']) });
    const range = await agent.commitAndPush('Deploy shop');
    const runner = await remote.clone('runner', { ref: range.after });

    const run = await runAction('claim', { workspace: runner.dir, event: pushEvent(range) });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.count).toBe('0');
    const result = await remoteFile(remote.bare, (await remoteFiles(remote.bare, 'results')).find((file) => file.endsWith(`${id}.result.md`)) ?? '');
    expect(result).toMatch(/site shop is in acme\/shop-site, but handoff.yml names no secret with a read-only token for it \(sites.shop.token_secret or workflow.site_repository_token_secret\)/);
    expect(result).toMatch(/sites\.shop\.token_secret\), then submit the task again/);
  });
});
