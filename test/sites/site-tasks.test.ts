import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { siteFiles, taskText } from './fixtures.js';

const CONFIG = [
  'requested_by: claude-code',
  'sites:',
  '  docs:',
  '    path: sites/docs',
  '    environments:',
  '      staging:',
  '        base_url: https://staging.docs.example.org/',
  '        bucket: shared',
  '        key_prefix: docs',
  '  blog:',
  '    path: sites/blog',
  '    environments:',
  '      staging:',
  '        base_url: https://staging.blog.example.org/',
  '        bucket: shared',
  '        key_prefix: blog',
  '',
].join('\n');

describe('tasks of a repository with several sites', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await makeTempRepo({ ...siteFiles('sites/docs', 'Docs'), ...siteFiles('sites/blog', 'Blog'), 'handoff.yml': CONFIG });
  });
  afterAll(async () => repo.remove());

  it('handoff new --site writes the site, its path and its base URL into the task, and validate passes it', async () => {
    const run = await repo.handoff(['new', 'hugo-deploy-staging', '--site', 'blog', '--description', 'Blog post', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const output = run.json();
    expect(output).toMatchObject({ ok: true, type: 'hugo-deploy', environment: 'staging', site: 'blog' });
    expect(output.id).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-hugo-deploy-blog-staging$/);
    const text = await repo.read(output.path);
    expect(text).toMatch(/^environment: staging\nsite: blog\n/m);
    expect(text).toContain('site_path: "sites/blog"');
    expect(text).toContain('base_url: "https://staging.blog.example.org/"');
    const validate = await repo.handoff(['validate', output.path, '--json']);
    expect(validate.code, validate.stdout).toBe(0);
  });

  it('handoff new refuses an unknown site, and no site where there are several, listing the known ones', async () => {
    const before = await repo.snapshot();
    const unknown = await repo.handoff(['new', 'hugo-build', '--env', 'staging', '--site', 'shop', '--description', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--site: expected a site declared in handoff.yml, one of: docs, blog; found "shop"');
    const none = await repo.handoff(['new', 'hugo-build', '--env', 'staging', '--description', 'x']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('one of: docs, blog');
    expect(await repo.snapshot()).toEqual(before);
  });

  it('validate refuses a task naming an unknown site, naming no site, contradicting its site, or lacking deploy settings, at the line', async () => {
    const id = (brief: string) => `2026-01-19-1600-hugo-deploy-${brief}`;
    const deploy = (brief: string, lines: string[]) => ({
      [`tasks/pending/${id(brief)}.md`]: taskText(id(brief), ['type: hugo-deploy', 'environment: staging', ...lines, 'description: "x"']),
    });
    await repo.write({
      ...deploy('unknown', ['site: shop', 'params:', '  site_path: sites/blog']),
      ...deploy('nosite', ['params:', '  site_path: sites/blog']),
      ...deploy('otherpath', ['site: blog', 'params:', '  site_path: sites/docs']),
      [`tasks/pending/${id('production').replace('deploy', 'deploy')}.md`]: taskText(id('production'), [
        'type: hugo-deploy',
        'environment: production',
        'site: docs',
        'description: "x"',
        'confirmation: "DEPLOY TO PRODUCTION"',
        'changes_summary: "x"',
        'staging_url: "https://staging.docs.example.org/"',
        'params:',
        '  site_path: sites/docs',
      ]),
    });
    const run = await repo.handoff(['validate', '--json']);
    expect(run.code).toBe(1);
    const byFile = Object.fromEntries(run.json().files.map((file: { file: string; problems: unknown[] }) => [file.file.replace(/^.*hugo-deploy-|\.md$/g, ''), file.problems]));
    expect(byFile.unknown).toEqual([
      expect.objectContaining({ line: 5, field: 'site', expected: 'a site declared in handoff.yml, one of: docs, blog', found: '"shop"' }),
    ]);
    expect(byFile.nosite).toEqual([expect.objectContaining({ field: 'site', expected: expect.stringContaining('one of: docs, blog'), found: 'no site' })]);
    expect(byFile.otherpath).toEqual([
      expect.objectContaining({ line: 7, field: 'params.site_path', expected: '"sites/blog", the path of site blog (sites.blog.path in handoff.yml)', found: '"sites/docs"' }),
    ]);
    expect(byFile.production).toEqual([
      expect.objectContaining({
        line: 4,
        field: 'environment',
        expected: 'sites.docs.environments.production.bucket set in handoff.yml (a hugo-deploy of site docs to production needs it)',
        found: 'sites.docs.environments.production.bucket not set',
      }),
    ]);
  });

  it('status --site lists only that site, and refuses an unknown one', async () => {
    const run = await repo.handoff(['status', '--site', 'docs', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const pending: string[] = run.json().pending;
    expect(pending.some((file) => file.endsWith('-production.md'))).toBe(true);
    expect(pending.some((file) => file.includes('blog-staging'))).toBe(false);
    const all = await repo.handoff(['status', '--json']);
    expect(all.json().pending.length).toBeGreaterThan(pending.length);
    const unknown = await repo.handoff(['status', '--site', 'shop']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('one of: docs, blog');
  });
});
