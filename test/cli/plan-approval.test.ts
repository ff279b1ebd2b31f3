import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { decideApproval, isTemplateOrConfig } from '../../src/worker/deploy-plan.js';
import { PRODUCTION_CONFIRMATION } from '../../src/primitives/task-types.js';
import { makeTempRepo, MINIMAL_SITE, type TempRepo } from '../helpers/temp-repo.js';
import { validTask } from '../helpers/valid-task.js';
import { startCloudFrontServer } from '../servers/cloudfront-server.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';

const execFileAsync = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function commitAll(repo: TempRepo, message: string): Promise<void> {
  const git = (...args: string[]) => execFileAsync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: repo.root });
  await git('add', '-A');
  await git('commit', '-qm', message);
}

describe('handoff plan: the deploy plan against the live bucket and approval from handoff.yml thresholds', () => {
  it('answers not-needed for a minor change, ask-user for template changes and removed pages, and sends nothing', async () => {
    const s3 = await startS3Server({ bucket: 'staging-bucket' });
    cleanups.push(() => s3.stop());
    const cloudfront = await startCloudFrontServer({ distributions: ['ESTAGING1'] });
    cleanups.push(() => cloudfront.stop());
    const config = ['site_path: site', 'environments:', '  staging:', '    base_url: https://staging.example.org/', '    bucket: staging-bucket', '    distribution_id: ESTAGING1', 'approval:', '  max_changed_share: 0.6', ''].join('\n');
    const repo = await makeTempRepo({ ...MINIMAL_SITE, 'handoff.yml': config, '.gitignore': '.handoff/\n' });
    cleanups.push(() => repo.remove());
    const env = { ...process.env, AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_PROFILE: '', HANDOFF_S3_ENDPOINT: s3.endpoint, HANDOFF_CLOUDFRONT_ENDPOINT: cloudfront.endpoint, HANDOFF_SITE_URL: `${s3.directEndpoint}/staging-bucket/index.html` };
    const newTask = async (brief: string) => {
      const created = await repo.handoff(['new', 'hugo-deploy-staging', '--description', `Deploy ${brief}`, '--brief', brief, '--json'], { env });
      expect(created.code, created.stderr + created.stdout).toBe(0);
      return created.json().path as string;
    };

    // No deploy recorded yet: ask, and say why.
    const first = await repo.handoff(['plan', await newTask('first'), '--json'], { env });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ approval: 'ask-user', reasons: expect.arrayContaining([expect.stringMatching(/no earlier successful staging deploy/)]) });
    expect(first.json().plan.uploads).toContainEqual(expect.objectContaining({ key: 'index.html', reason: 'new' }));
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE')).toBe(0);
    expect(cloudfront.invalidations).toHaveLength(0);
    const deployed = await repo.handoff(['run', first.json().task_id ? `tasks/pending/${first.json().task_id}.md` : '', '--json'], { env });
    expect(deployed.code, deployed.stdout).toBe(0);
    await commitAll(repo, 'First deploy');

    await repo.write({ 'site/content/posts/second.md': '---\ntitle: Second\ndate: 2026-01-03\n---\nSee [first](/posts/first/), now with more words.\n' });
    await commitAll(repo, 'A typo fix');
    s3.resetCounts();
    const minor = await repo.handoff(['plan', await newTask('minor'), '--json'], { env });
    expect(minor.code, minor.stdout + minor.stderr).toBe(0);
    expect(minor.json()).toMatchObject({ approval: 'not-needed', plan: { delete_count: 0 } });
    expect(minor.json().plan.uploads.map((upload: { key: string }) => upload.key)).toContain('posts/second/index.html');
    expect(minor.json().plan.changed_share).toBeLessThanOrEqual(0.6);
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE')).toBe(0);

    await repo.write({ 'site/layouts/_default/single.html': '<article><h1>{{ .Title }}</h1>{{ .Content }}</article>\n' });
    await execFileAsync('git', ['rm', '-q', 'site/content/posts/first.md'], { cwd: repo.root });
    await commitAll(repo, 'New template, a post removed');
    const major = await repo.handoff(['plan', await newTask('major'), '--json'], { env });
    expect(major.code, major.stdout + major.stderr).toBe(0);
    expect(major.json().approval).toBe('ask-user');
    const reasons = major.json().reasons.join('\n');
    expect(reasons).toMatch(/templates or config changed since .*: site\/layouts\/_default\/single\.html/);
    expect(reasons).toMatch(/removes 1 page: posts\/first\/index\.html/);
    expect(major.json().plan.deletes).toContain('posts/first/index.html');
    expect(major.json().plan.invalidation_paths.length).toBeGreaterThan(0);
    expect(s3.countByMethod('PUT') + s3.countByMethod('DELETE')).toBe(0);
  });
});

describe('approval rule', () => {
  const task = (environment: 'staging' | 'production') =>
    validTask({
      id: `2026-01-19-1500-hugo-deploy-${environment}`,
      type: 'hugo-deploy',
      environment,
      ...(environment === 'production' ? { confirmation: PRODUCTION_CONFIRMATION, changes_summary: 'The site as staged', staging_url: 'https://staging.example.org/' } : {}),
      params: { site_path: 'site' },
    });
  const plan = (uploads: number, skipped: number, deletes: string[] = []) => ({
    uploads: Array.from({ length: uploads }, (_, index) => ({ key: `a${index}.css`, reason: 'content-changed' as const, bytes: 1 })),
    deletes,
    skipped,
    bytesToUpload: uploads,
  });
  const known = { templateChanges: [], previousDeploy: 'd' };

  it('follows the share threshold in handoff.yml', () => {
    expect(decideApproval(task('staging'), plan(1, 9), known, undefined).approval).toBe('not-needed');
    expect(decideApproval(task('staging'), plan(3, 7), known, undefined)).toMatchObject({ approval: 'ask-user', reasons: [expect.stringMatching(/30% of the files change/)] });
    expect(decideApproval(task('staging'), plan(3, 7), known, { max_changed_share: 0.5 }).approval).toBe('not-needed');
  });
  it('asks on deletes unless told not to, and always in production', () => {
    expect(decideApproval(task('staging'), plan(0, 9, ['a.css']), known, undefined).approval).toBe('ask-user');
    expect(decideApproval(task('staging'), plan(0, 9, ['a.css']), known, { ask_on_deletes: false }).approval).toBe('not-needed');
    expect(decideApproval(task('production'), plan(0, 9), known, undefined).reasons[0]).toMatch(/typed confirmation/);
  });
  it('knows templates and config from content', () => {
    expect(isTemplateOrConfig('site', 'site/layouts/index.html')).toBe(true);
    expect(isTemplateOrConfig('site', 'site/hugo.toml')).toBe(true);
    expect(isTemplateOrConfig('site', 'site/config/_default/params.yaml')).toBe(true);
    expect(isTemplateOrConfig('site', 'site/content/posts/a.md')).toBe(false);
    expect(isTemplateOrConfig('.', 'themes/x/layouts/a.html')).toBe(true);
  });
});
