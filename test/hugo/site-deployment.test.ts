import { afterEach, describe, expect, it } from 'vitest';
import { readSiteDeployment } from '../../src/hugo/site-deployment.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await makeTempDir('site-deployment');
  cleanups.push(dir.remove);
  await writeTree(dir.path, files);
  return dir.path;
}

const HUGO_TOML = `baseURL = "https://example.org/"
title = "Site"

[deployment]
order = [".jpg$", ".gif$"]

[[deployment.targets]]
name = "production"
URL = "s3://somewhere?region=us-east-1"
cloudFrontDistributionID = "E123"
include = "**.{html,css,svg}"
exclude = "drafts/**"

[[deployment.targets]]
name = "other"
include = "nothing"

[[deployment.matchers]]
pattern = "^.+\\\\.(js|css|svg|ttf)$"
cacheControl = "max-age=31536000, no-transform, public"
gzip = true

[[deployment.matchers]]
Pattern = "^sitemap\\\\.xml$"
ContentType = "application/xml"
contentEncoding = "gzip"
force = true
`;

describe("readSiteDeployment: the site's [deployment] matchers and first target, from every config file form", () => {
  it('hugo.toml at the site root: matchers in order with their source, the first target only, hugo-only keys left to hugo', async () => {
    const root = await repoWith({ 'site/hugo.toml': HUGO_TOML });
    const read = await readSiteDeployment(root, 'site', 'production');
    expect(read).toEqual({
      ok: true,
      rules: {
        matchers: [
          { syntax: 'go-regexp', pattern: '^.+\\.(js|css|svg|ttf)$', cacheControl: 'max-age=31536000, no-transform, public', gzip: true, source: "site/hugo.toml:18 deployment.matchers[0] '^.+\\.(js|css|svg|ttf)$'" },
          { syntax: 'go-regexp', pattern: '^sitemap\\.xml$', contentType: 'application/xml', gzip: true, force: true, source: "site/hugo.toml:23 deployment.matchers[1] '^sitemap\\.xml$'" },
        ],
        include: { glob: '**.{html,css,svg}', source: "site/hugo.toml:11 deployment.targets[0].include '**.{html,css,svg}'" },
        exclude: { glob: 'drafts/**', source: "site/hugo.toml:12 deployment.targets[0].exclude 'drafts/**'" },
      },
    });
  });

  it('none: a site without [deployment] (or with one stating neither matchers nor targets) has no rules', async () => {
    expect(await readSiteDeployment(await repoWith({ 'hugo.toml': 'title = "x"\n' }), '.', 'production')).toEqual({ ok: true, rules: undefined });
    expect(await readSiteDeployment(await repoWith({ 'hugo.toml': '[deployment]\nmaxDeletes = 10\n' }), '.', 'production')).toEqual({ ok: true, rules: undefined });
  });

  it('hugo reads only the first config file name at the root: a config.toml beside hugo.toml is not read', async () => {
    const root = await repoWith({ 'hugo.toml': 'title = "x"\n', 'config.toml': '[[deployment.matchers]]\npattern = "("\n' });
    expect(await readSiteDeployment(root, '.', 'production')).toEqual({ ok: true, rules: undefined });
  });

  it('config/_default/deployment.yaml holds the section itself; config/<environment>/ replaces its matchers; YAML and JSON lines are found', async () => {
    const root = await repoWith({
      'hugo.yaml': 'title: x\ndeployment:\n  matchers:\n    - pattern: "\\\\.html$"\n      cacheControl: "no-cache"\n',
      'config/_default/deployment.yaml': 'matchers:\n  - pattern: "\\\\.css$"\n    cacheControl: "max-age=60"\n',
      'config/staging/hugo.json': '{\n  "deployment": {\n    "matchers": [\n      { "pattern": "\\\\.js$", "gzip": true }\n    ]\n  }\n}\n',
    });
    const production = await readSiteDeployment(root, '.', 'production');
    expect(production).toEqual({ ok: true, rules: { matchers: [{ syntax: 'go-regexp', pattern: '\\.css$', cacheControl: 'max-age=60', source: "config/_default/deployment.yaml:2 deployment.matchers[0] '\\.css$'" }] } });
    const staging = await readSiteDeployment(root, '.', 'staging');
    expect(staging).toEqual({ ok: true, rules: { matchers: [{ syntax: 'go-regexp', pattern: '\\.js$', gzip: true, source: "config/staging/hugo.json:4 deployment.matchers[0] '\\.js$'" }] } });
  });

  it('refuses a bad rule with the file (repository-relative), line and key: a regexp Go would not compile, an unknown key, an encoding other than gzip, a non-boolean, a bad glob', async () => {
    const root = await repoWith({
      'web/config/_default/deployment.toml': [
        '[[matchers]]', // 1
        'pattern = "(?=x)\\\\.css$"', // 2
        '', // 3
        '[[matchers]]', // 4
        'pattern = "\\\\.js$"', // 5
        'cachecontrol = "max-age=60"', // 6
        'gzipped = true', // 7
        '', // 8
        '[[matchers]]', // 9
        'pattern = "\\\\.svg$"', // 10
        'contentEncoding = "br"', // 11
        'force = "yes"', // 12
        '', // 13
        '[[matchers]]', // 14
        'cacheControl = "x"', // 15
        '', // 16
        '[[targets]]', // 17
        'include = "{a,b"', // 18
        '',
      ].join('\n'),
    });
    const read = await readSiteDeployment(root, 'web', 'production');
    expect(read.ok).toBe(false);
    const problems = read.ok ? [] : read.problems;
    expect(problems.map(({ file, line, field }) => `${file}:${line} ${field}`)).toEqual([
      'web/config/_default/deployment.toml:2 deployment.matchers[0].pattern',
      'web/config/_default/deployment.toml:7 deployment.matchers[1].gzipped',
      'web/config/_default/deployment.toml:11 deployment.matchers[2].contentEncoding',
      'web/config/_default/deployment.toml:12 deployment.matchers[2].force',
      'web/config/_default/deployment.toml:14 deployment.matchers[3]',
      'web/config/_default/deployment.toml:18 deployment.targets[0].include',
    ]);
    expect(problems[0]).toMatchObject({ expected: expect.stringContaining('Go regular expression'), found: expect.stringContaining('invalid or unsupported Perl syntax') });
    expect(problems[1]).toMatchObject({ found: 'an unknown key "gzipped"', hint: 'did you mean "gzip"?' });
    expect(problems[2]).toMatchObject({ expected: expect.stringContaining('gzip'), found: '"br"' });
    expect(problems[3]).toMatchObject({ expected: 'true or false', found: '"yes"' });
    expect(problems[4]).toMatchObject({ found: 'no pattern' });
    expect(problems[5]).toMatchObject({ found: expect.stringContaining("a '{' is not closed") });
  });
});
