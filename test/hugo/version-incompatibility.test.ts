import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHugoSite } from '../../src/hugo/build.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { unpackRealSite } from '../helpers/real-sites.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

type OnFinished = (cleanup: () => Promise<void>) => void;

/** A site in site/ whose pages call the partial x.html, from the theme "old-theme" unless the site has its own. */
const REPO_FILES: Record<string, string> = {
  'site/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "T"\ntheme = "old-theme"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
  'site/layouts/_default/list.html': '<html>{{ partial "x.html" . }}{{ .Content }}</html>\n',
  'site/layouts/_default/single.html': '<html>{{ partial "x.html" . }}{{ .Content }}</html>\n',
  'site/content/_index.md': '---\ntitle: Home\n---\nHello\n',
  'site/themes/old-theme/layouts/partials/x.html': '<p>fine</p>\n',
};

async function build(onTestFinished: OnFinished, binary: string, files: Record<string, string>) {
  const temp = await makeTempDir('handoff-version-incompatibility');
  onTestFinished(temp.remove);
  await writeTree(temp.path, { ...REPO_FILES, ...files });
  return buildHugoSite({ siteDir: path.join(temp.path, 'site'), destination: path.join(temp.path, 'out'), pathsFrom: temp.path }, { hugoBinary: binary });
}

const THEME_PARTIAL = 'site/themes/old-theme/layouts/partials/x.html';

const [oldHugo, currentHugo] = hugoBinaries();

describe(`APIs hugo ${currentHugo!.version} removed, named as such`, () => {
  it.for([
    ['.Site.Social', '<p>\n{{ .Site.Social.twitter }}</p>\n', '.Site.Params.social', 2],
    ['.Site.DisqusShortname', '<p>\n\n{{ .Site.DisqusShortname }}</p>\n', '.Site.Config.Services.Disqus.Shortname', 3],
    ['resources.ToCSS', '{{ with resources.Get "a.scss" }}\n{{ with . | resources.ToCSS }}{{ .RelPermalink }}{{ end }}{{ end }}\n', 'css.Sass', 2],
  ] as const)('a theme using %s: escalated as hugo-version naming the theme, file and line (hugo 0.111 builds it)', async ([api, partial, replacement, line], { onTestFinished }) => {
    const files = { [THEME_PARTIAL]: partial, 'site/assets/a.scss': 'a { b: c }\n' };
    const report = await build(onTestFinished, currentHugo!.binary, files);
    expect(report.error).toMatchObject({ category: 'hugo-version', action: 'escalate', file: THEME_PARTIAL, line });
    expect(report.error?.next_step).toContain(`the theme "old-theme" uses ${api} (removed from Hugo; ${replacement} replaces it) in ${THEME_PARTIAL}:${line}, so it does not work with Hugo ${currentHugo!.version}`);
    expect(report.error?.next_step).toContain('Do not edit the theme: pin the Hugo version the theme supports');
    expect((await build(onTestFinished, oldHugo!.binary, files)).error).toBeUndefined();
  });

  it("the site's own template using a removed API stays the agent's to fix, with the replacement named", async ({ onTestFinished }) => {
    const report = await build(onTestFinished, currentHugo!.binary, { 'site/layouts/partials/x.html': '<p>\n{{ .Site.Social.twitter }}</p>\n' });
    expect(report.error).toMatchObject({ category: 'markdown-or-template-syntax', action: 'auto-fix', file: 'site/layouts/partials/x.html', line: 2 });
    expect(report.error?.next_step).toMatch(/^Replace \.Site\.Social with \.Site\.Params\.social in site\/layouts\/partials\/x\.html:2: Hugo \S+ no longer has it/);
  });
});

describe(`APIs hugo ${oldHugo!.version} does not have yet, named as such`, () => {
  it('a theme using try (hugo 0.141): hugo-version naming the theme on 0.111; the current hugo builds it', async ({ onTestFinished }) => {
    const files = { [THEME_PARTIAL]: '<p>\n{{ with try (index (dict "a" 1) "a") }}{{ .Value }}{{ end }}</p>\n' };
    const report = await build(onTestFinished, oldHugo!.binary, files);
    expect(report.error).toMatchObject({ category: 'hugo-version', file: THEME_PARTIAL, line: 2 });
    expect(report.error?.next_step).toContain(`the theme "old-theme" uses what Hugo ${oldHugo!.version} does not have (function "try" not defined)`);
    expect((await build(onTestFinished, currentHugo!.binary, files)).error).toBeUndefined();
  });
});

describe.each(hugoBinaries().map((hugo) => [hugo.version, hugo] as const))('template faults on hugo %s', (_version, hugo) => {
  it('a template parse error under a base template names the template with the error, not the base', async ({ onTestFinished }) => {
    const report = await build(onTestFinished, hugo.binary, {
      'site/layouts/_default/baseof.html': '<html>\n<body>\n{{ block "main" . }}{{ end }}\n</body>\n</html>\n',
      'site/layouts/_default/list.html': '{{ define "main" }}\n<h1>{{ .Title }}</h1>\n{{ if .Title }}\nx\n{{ end }}\n',
    });
    expect(report.error).toMatchObject({ category: 'markdown-or-template-syntax', action: 'auto-fix', file: 'site/layouts/_default/list.html', line: 6 });
    expect(report.error?.next_step).toContain('in site/layouts/_default/list.html:6 (unexpected EOF)');
  });
});

describe('a real theme too new for hugo 0.111, with no version rule given', () => {
  it('hugo-book: classified hugo-version (its module warning and the template syntax it cannot parse), not a template error to fix', async ({ onTestFinished }) => {
    const site = await unpackRealSite('hugo-book');
    onTestFinished(site.remove);
    const report = await buildHugoSite({ siteDir: site.root, destination: path.join(site.root, '.handoff', 'out') }, { hugoBinary: oldHugo!.binary });
    expect(report.error).toMatchObject({ category: 'hugo-version', action: 'escalate' });
    expect(report.error?.next_step).toContain(`"hugo-book" says it does not work with Hugo ${oldHugo!.version}`);
  });
});
