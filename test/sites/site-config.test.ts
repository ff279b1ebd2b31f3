import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { concurrencyGroupFor, DEFAULT_SITE_NAME, githubEnvironmentFor, isMultiSite, resultSiteOf, siteNamed, sitesOf } from '../../src/config/sites.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

const TWO_SITES = [
  'requested_by: claude-code',
  'sites:',
  '  docs:',
  '    path: sites/docs',
  '    environments:',
  '      staging:',
  '        base_url: https://staging.docs.example.org/',
  '        bucket: shared',
  '        key_prefix: docs',
  '        role_arn: arn:aws:iam::123456789012:role/handoff-docs-staging',
  '  blog:',
  '    path: sites/blog',
  '    environments:',
  '      staging:',
  '        bucket: shared',
  '        key_prefix: blog/',
  '      production:',
  '        bucket: blog-production',
  '  shop:',
  '    repository: acme/shop-site',
  '    ref: main',
  '    path: site',
  '    token_secret: SHOP_TOKEN',
  '    environments:',
  '      staging:',
  '        bucket: shared',
  '        key_prefix: shop',
  '',
].join('\n');

function loaded(text: string) {
  const result = parseConfig(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('handoff.yml with several sites', () => {
  it('loads every site with its own source and environments', () => {
    const config = loaded(TWO_SITES);
    const sites = sitesOf(config);
    expect(sites.map((site) => [site.name, site.path, site.repository ?? null, site.settingsPath])).toEqual([
      ['docs', 'sites/docs', null, 'sites.docs.environments'],
      ['blog', 'sites/blog', null, 'sites.blog.environments'],
      ['shop', 'site', 'acme/shop-site', 'sites.shop.environments'],
    ]);
    expect(sites[2]).toMatchObject({ ref: 'main', tokenSecret: 'SHOP_TOKEN', environments: { staging: { bucket: 'shared', key_prefix: 'shop' } } });
    expect(isMultiSite(config)).toBe(true);
  });

  it('keeps every existing one-site handoff.yml loading unchanged, as one site named "default"', async () => {
    for (const file of ['handoff.yml', 'templates/handoff.yml']) {
      const text = await readFile(path.join(PROJECT_ROOT, file), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const result = parseConfig(text);
      expect(result.ok, file).toBe(true);
    }
    const config = loaded('site_path: site\nenvironments:\n  staging:\n    bucket: b\n    key_prefix: x\n');
    const [only, ...rest] = sitesOf(config);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ name: DEFAULT_SITE_NAME, declared: false, path: 'site', settingsPath: 'environments', environments: { staging: { bucket: 'b', key_prefix: 'x' } } });
    expect(isMultiSite(config)).toBe(false);
    // Nothing about a one-site repository's names changes.
    expect(resultSiteOf(config, only!)).toBeUndefined();
    expect(githubEnvironmentFor(config, only!, 'production')).toBe('production');
    expect(concurrencyGroupFor(config, only!, 'staging')).toBe('handoff-deploy-staging');
    expect(sitesOf(loaded(''))).toHaveLength(1);
  });

  it('names per site the GitHub environment of production and the concurrency group', () => {
    const config = loaded(TWO_SITES);
    const [docs, blog] = sitesOf(config);
    expect(githubEnvironmentFor(config, blog!, 'production')).toBe('production-blog');
    expect(githubEnvironmentFor(config, blog!, 'staging')).toBe('staging');
    expect(concurrencyGroupFor(config, docs!, 'staging')).toBe('handoff-deploy-docs-staging');
    expect(concurrencyGroupFor(config, blog!, 'staging')).toBe('handoff-deploy-blog-staging');
    expect(resultSiteOf(config, blog!)).toBe('blog');
  });

  it('refuses an unknown site with the list of known ones, and asks for one where there are several', () => {
    const config = loaded(TWO_SITES);
    expect(siteNamed(config, 'blgo')).toEqual({ ok: false, expected: 'a site declared in handoff.yml, one of: docs, blog, shop', found: '"blgo"' });
    expect(siteNamed(config, undefined)).toMatchObject({ ok: false, expected: expect.stringContaining('one of: docs, blog, shop') });
    const one = loaded('site_path: site\n');
    expect(siteNamed(one, undefined)).toMatchObject({ ok: true, site: { name: 'default' } });
    expect(siteNamed(one, 'default')).toMatchObject({ ok: true });
    expect(siteNamed(one, 'blog')).toMatchObject({ ok: false, expected: 'a site declared in handoff.yml, one of: default' });
  });

  it.each([
    ['the same prefix', 'docs', 'docs', 13],
    ['the same prefix written differently', '/docs/', 'docs', 13],
    ['one prefix inside the other', 'docs/v2', 'docs', 13],
    ['the other inside the one', 'docs', 'docs/v2', 13],
    ['the bucket root against a prefix', '', 'docs', 13],
  ])('refuses two sites on one bucket with overlapping prefixes: %s', (_name, first, second, line) => {
    const text = [
      'sites:',
      '  docs:',
      '    path: sites/docs',
      '    environments:',
      '      staging:',
      '        bucket: shared',
      `        key_prefix: "${first}"`,
      '  blog:',
      '    path: sites/blog',
      '    environments:',
      '      production:',
      '        bucket: shared',
      `        key_prefix: "${second}"`,
      '',
    ].join('\n');
    const result = parseConfig(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      file: 'handoff.yml',
      line,
      field: 'sites.blog.environments.production.key_prefix',
      expected: 'a bucket + key_prefix no other site deploys into',
      found: expect.stringContaining('overlaps sites.docs.environments.staging'),
    });
  });

  it('accepts two sites on one bucket with prefixes that only share leading letters, or on different buckets', () => {
    const text = (secondBucket: string, secondPrefix: string) =>
      `sites:\n  a:\n    path: a\n    environments:\n      staging:\n        bucket: shared\n        key_prefix: site\n  b:\n    path: b\n    environments:\n      staging:\n        bucket: ${secondBucket}\n        key_prefix: ${secondPrefix}\n`;
    expect(parseConfig(text('shared', 'site2')).ok).toBe(true);
    expect(parseConfig(text('other', 'site')).ok).toBe(true);
    expect(parseConfig(text('shared', 'site')).ok).toBe(false);
  });

  it('names the bucket line when the overlapping site has no key_prefix', () => {
    const result = parseConfig('sites:\n  a:\n    path: a\n    environments:\n      staging:\n        bucket: shared\n  b:\n    path: b\n    environments:\n      staging:\n        bucket: shared\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 11, field: 'sites.b.environments.staging.bucket' });
  });

  it('refuses the short form mixed with sites:, a bad prefix, a bad site name and unknown keys, each at its line', () => {
    const result = parseConfig(
      [
        'site_path: site',
        'sites:',
        '  Blog:',
        '    path: b',
        '  docs:',
        '    pth: d',
        '    environments:',
        '      staging:',
        '        bucket: x',
        '        key_prefix: a/../b',
        '',
      ].join('\n'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byField = Object.fromEntries(result.problems.map((problem) => [problem.field, problem]));
    expect(byField['sites.Blog']).toMatchObject({ line: 3 });
    expect(byField['sites.docs.pth']).toMatchObject({ line: 6, hint: 'did you mean "path"?' });
    expect(byField['sites.docs.path']).toMatchObject({ expected: expect.stringContaining('required') });
    // The refinement runs only on a document whose shape is valid, so this one reports its shape first.
    const mixed = parseConfig('site_path: site\nsites:\n  docs:\n    path: d\n    environments:\n      staging:\n        bucket: x\n        key_prefix: a/../b\n');
    expect(mixed.ok).toBe(false);
    if (mixed.ok) return;
    expect(mixed.problems.map((problem) => [problem.field, problem.line])).toEqual([
      ['site_path', 1],
      ['sites.docs.environments.staging.key_prefix', 8],
    ]);
  });
});
