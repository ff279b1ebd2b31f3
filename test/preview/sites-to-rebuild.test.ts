import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { sitesToRebuild } from '../../src/preview/sites-to-rebuild.js';
import { deployTargetFor, previewSitesFrom, type PreviewOptions } from '../../src/preview/preview-target.js';
import { recordFileOf, vouchedSlugs } from '../../src/preview/preview-record.js';
import { previewSlug } from '../../src/preview/preview-slug.js';
import { formatProblem } from '../../src/validation/problem.js';

const site = (name: string, keyPrefix: string, extra: string[] = []) => [
  `  ${name}:`,
  `    path: sites/${name}`,
  '    environments:',
  '      dev:',
  `        base_url: https://dev.example.com/${name}/`,
  '        bucket: example-dev',
  `        key_prefix: ${keyPrefix}`,
  '        role_arn: arn:aws:iam::123456789012:role/handoff-dev',
  ...extra,
];

function sitesOf(lines: string[]): PreviewOptions[] {
  const loaded = parseConfig(lines.join('\n'));
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const resolved = previewSitesFrom(loaded.config, { requireRoleArn: true });
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.value;
}

const TWO = sitesOf(['sites:', ...site('blog', 'blog'), ...site('docs', 'docs')]);
const names = (planned: ReturnType<typeof sitesToRebuild>) => planned.map((entry) => entry.settings.site);

describe('which sites a push rebuilds (sites: form)', () => {
  it('rebuilds the sites whose folders changed, none for tasks/ and results/, every site for handoff.yml, a shared file, or no base', () => {
    expect(names(sitesToRebuild(TWO, ['sites/docs/content/a.md']))).toEqual(['docs']);
    expect(names(sitesToRebuild(TWO, ['sites/blog/hugo.toml', 'sites/docs/content/a.md']))).toEqual(['blog', 'docs']);
    expect(names(sitesToRebuild(TWO, ['tasks/pending/x.md', 'results/latest/x.md']))).toEqual([]);
    expect(names(sitesToRebuild(TWO, []))).toEqual([]);
    // A folder whose name only starts like a site's is not inside it.
    expect(names(sitesToRebuild(TWO, ['sites/blogroll/a.md']))).toEqual(['blog', 'docs']);
    expect(sitesToRebuild(TWO, ['handoff.yml']).map((entry) => entry.reason)).toEqual(['handoff.yml changed', 'handoff.yml changed']);
    expect(sitesToRebuild(TWO, ['themes/shared/layouts/a.html'])[0]?.reason).toBe("themes/shared/layouts/a.html (outside every site's folder) changed");
    expect(names(sitesToRebuild(TWO, undefined))).toEqual(['blog', 'docs']);
  });

  it('keeps the one-site form as it was: its site is rebuilt on every push, whatever changed', () => {
    const one = sitesOf(['site_path: site', 'environments:', '  dev:', '    base_url: https://dev.example.com/', '    bucket: example-dev', '    role_arn: arn:aws:iam::123456789012:role/handoff-dev']);
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ site: null, sitePath: 'site', previewPrefix: 'previews/' });
    expect(sitesToRebuild(one, ['tasks/pending/x.md'])).toHaveLength(1);
    expect(recordFileOf({ branch: 'claude/x', site: null })).toBe(`${previewSlug('claude/x')}.json`);
  });
});

describe("each site's previews under its own prefix (sites: form)", () => {
  it("puts a site's previews inside its dev key_prefix, with the URL under its dev base_url, and keeps them out of its dev deploy", () => {
    const [blog, docs] = TWO;
    const preview = deployTargetFor(blog!, 'claude/fix-nav', 'main');
    expect(preview).toMatchObject({ ok: true, value: { site: 'blog', prefix: `blog/previews/${previewSlug('claude/fix-nav')}/`, url: `https://dev.example.com/blog/previews/${previewSlug('claude/fix-nav')}/` } });
    expect(deployTargetFor(docs!, 'claude/fix-nav', 'main')).toMatchObject({ ok: true, value: { site: 'docs', prefix: `docs/previews/${previewSlug('claude/fix-nav')}/` } });
    expect(deployTargetFor(blog!, 'main', 'main')).toMatchObject({ ok: true, value: { site: 'blog', prefix: 'blog/', exclude: ['previews/**'] } });
  });

  it('keys records by branch and site, and vouches for each site\'s folders by its own records only', () => {
    expect(recordFileOf({ branch: 'claude/x', site: 'blog' })).toBe(`blog/${previewSlug('claude/x')}.json`);
    const files = ['main.json', 'blog/a.json', 'blog/b.json', 'docs/a.json'];
    expect([...vouchedSlugs(files, 'blog')].sort()).toEqual(['a', 'b']);
    expect([...vouchedSlugs(files, 'docs')]).toEqual(['a']);
    expect([...vouchedSlugs(files, null)]).toEqual(['main']);
  });

  it('needs {site} in previews.base_url with several sites, and skips sites kept in another repository', () => {
    const loaded = parseConfig(['sites:', ...site('blog', 'blog'), ...site('docs', 'docs'), 'previews:', '  base_url: https://previews.example.com/{slug}/'].join('\n'));
    expect(loaded.ok).toBe(true);
    const refused = loaded.ok ? previewSitesFrom(loaded.config, { requireRoleArn: true }) : undefined;
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('previews.base_url: expected {site} in it with several sites') });
    const withSite = sitesOf(['sites:', ...site('blog', 'blog'), ...site('docs', 'docs'), 'previews:', '  base_url: https://previews.example.com/{site}/{slug}/']);
    expect(deployTargetFor(withSite[1]!, 'claude/x', 'main')).toMatchObject({ ok: true, value: { url: 'https://previews.example.com/docs/claude-x--' + previewSlug('claude/x').split('--')[1] + '/' } });
    const external = sitesOf(['sites:', ...site('blog', 'blog'), ...site('docs', 'docs', []), '    repository: acme/docs']);
    expect(external.map((entry) => entry.site)).toEqual(['blog']);
  });
});
