import { describe, expect, it } from 'vitest';
import { environmentsApi } from '../actions/github-api-server.js';
import { makeRemote, orchestrationRepo, pushEvent, runAction } from '../actions/harness.js';
import { siteFiles, taskText } from './fixtures.js';

// Sites (#15) with production trust (#10): the plan reads the sites: form from before the push,
// each task's environment_config is its own site's, and the review job plans one site's role.

function config(blogStagingBucket: string): string {
  const lines = ['sites:'];
  for (const site of ['docs', 'blog']) {
    lines.push(
      `  ${site}:`,
      `    path: sites/${site}`,
      '    environments:',
      '      staging:',
      `        bucket: ${site === 'blog' ? blogStagingBucket : 'docs-staging'}`,
      `        role_arn: arn:aws:iam::123456789012:role/handoff-${site}-staging`,
      '      production:',
      `        base_url: https://${site}.example.org/`,
      `        bucket: ${site}-production`,
      `        role_arn: arn:aws:iam::123456789012:role/handoff-${site}-production`,
      `        plan_role_arn: arn:aws:iam::123456789012:role/handoff-${site}-plan`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function task(site: string, environment: 'staging' | 'production', minute: number): [string, string] {
  const id = `2026-01-19-15${minute}-hugo-deploy-${site}-${environment}`;
  const production = environment === 'production'
    ? ['confirmation: "DEPLOY TO PRODUCTION"', `changes_summary: "New ${site} pages"`, `staging_url: "https://staging.${site}.example.org/"`]
    : [];
  return [
    `tasks/pending/${id}.md`,
    taskText(id, ['type: hugo-deploy', `environment: ${environment}`, `site: ${site}`, `description: "Deploy ${site}"`, ...production, 'params:', `  site_path: "sites/${site}"`]),
  ];
}

const PROTECTED = { protection_rules: [{ type: 'required_reviewers', reviewers: [{ type: 'User' }] }] };

describe('the trusted handoff.yml of several sites', () => {
  it('gives each task its own site’s settings from before the push, and the review job one site’s read-only role', async ({ onTestFinished }) => {
    const api = await environmentsApi({ 'production-docs': PROTECTED, 'production-blog': PROTECTED });
    onTestFinished(api.stop);
    const remote = await makeRemote(orchestrationRepo(config('blog-staging'), { ...siteFiles('sites/docs', 'Docs'), ...siteFiles('sites/blog', 'Blog') }));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    // The push moves blog's staging bucket: the run must still deploy where handoff.yml said before it.
    await agent.write({ 'handoff.yml': config('attacker-bucket'), ...Object.fromEntries([task('blog', 'staging', 20)]) });
    const staging = await agent.commitAndPush('Deploy blog to staging');
    const stagingRunner = await remote.clone('staging-runner', { ref: staging.after });
    const stagingPlan = await runAction('claim', { workspace: stagingRunner.dir, event: pushEvent(staging), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });
    expect(stagingPlan.code, stagingPlan.stdout + stagingPlan.stderr).toBe(0);
    const [stagingTask] = (JSON.parse(stagingPlan.outputs['deploy-matrix'] ?? '') as { task: Array<Record<string, string>> }).task;
    expect(stagingTask).toMatchObject({ site: 'blog', concurrency_group: 'handoff-deploy-blog-staging', github_environment: 'staging' });
    expect(JSON.parse(stagingTask?.environment_config ?? '{}')).toMatchObject({ bucket: 'blog-staging', role_arn: 'arn:aws:iam::123456789012:role/handoff-blog-staging' });
    expect(stagingPlan.outputs.review).toBe('false');

    // Production deploys of both sites in one push (handoff.yml unchanged in it).
    await agent.git('pull', '--ff-only', 'origin', 'main');
    await agent.write(Object.fromEntries([task('docs', 'production', 30), task('blog', 'production', 31)]));
    const release = await agent.commitAndPush('Release docs and blog');
    const runner = await remote.clone('runner', { ref: release.after });
    const plan = await runAction('claim', { workspace: runner.dir, event: pushEvent(release), inputs: { 'github-token': 't' }, env: { GITHUB_API_URL: api.url } });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const deploys = (JSON.parse(plan.outputs['deploy-matrix'] ?? '') as { task: Array<Record<string, string>> }).task;
    expect(deploys.map((entry) => [entry.site, entry.github_environment, entry.concurrency_group, (JSON.parse(entry.environment_config ?? '{}') as { bucket?: string }).bucket])).toEqual([
      ['docs', 'production-docs', 'handoff-deploy-docs-production', 'docs-production'],
      ['blog', 'production-blog', 'handoff-deploy-blog-production', 'blog-production'],
    ]);
    expect(plan.outputs).toMatchObject({ review: 'true', 'plan-role-arn': 'arn:aws:iam::123456789012:role/handoff-docs-plan' });

    // The review job assumed docs' read-only role: blog's deploy gets no plan made with it.
    const reviewCheckout = await remote.clone('review', { ref: plan.outputs.commit ?? '' });
    const review = await runAction('review-plan', { workspace: reviewCheckout.dir, inputs: { matrix: plan.outputs['deploy-matrix'] ?? '', 's3-endpoint': 'http://127.0.0.1:9' } });
    expect(review.code, review.stdout + review.stderr).toBe(0);
    const plans = JSON.parse(review.outputs.plans ?? '{}') as Record<string, { error?: string }>;
    expect(plans['2026-01-19-1531-hugo-deploy-blog-production']?.error).toBe(
      "site blog's production is planned with its own read-only role, and this run's review job assumed site docs's; submit the task again in a push of its own",
    );
    expect(Object.keys(plans).sort()).toEqual(['2026-01-19-1530-hugo-deploy-docs-production', '2026-01-19-1531-hugo-deploy-blog-production']);
  });
});
