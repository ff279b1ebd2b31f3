import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatEditError, runContentEdit } from '../../src/content-edit/content-edit.js';
import { contentEditWorker } from '../../src/worker/content-edit-worker.js';
import type { ContentOperation } from '../../src/content-edit/operations.js';
import { buildHugoSite } from '../../src/hugo/build.js';
import { siteCodeEnvironment } from '../../src/process/site-code-environment.js';
import { readHugoSiteView, writesAliasesUnderLanguage } from '../../src/hugo/site-view.js';
import type { ContentEditTools } from '../../src/worker/worker-tools.js';
import { monotonicClock } from '../../src/clock.js';
import { hugoBinaries, type HugoUnderTest } from '../helpers/hugo-binaries.js';
import { unpackRealSite } from '../helpers/real-sites.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';
import { validTask } from '../helpers/valid-task.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const LAYOUTS: Record<string, string> = {
  'site/layouts/_default/single.html': '<h1>{{ .Title }}</h1>{{ .Content }}',
  'site/layouts/_default/list.html': '<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}',
  'site/layouts/index.html': '{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}',
};

/** English at the root, French under /fr/, a content folder per language, a base path: the site. */
const FOLDER_PER_LANGUAGE: Record<string, string> = {
  ...LAYOUTS,
  'site/hugo.toml': [
    'baseURL = "https://example.org/blog/"',
    'defaultContentLanguage = "en"',
    'refLinksErrorLevel = "ERROR"',
    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]',
    '[languages.en]',
    'contentDir = "content/en"',
    'weight = 1',
    '[languages.fr]',
    'contentDir = "content/fr"',
    'weight = 2',
    '',
  ].join('\n'),
  'site/content/en/post/chapter-6.md': '---\ntitle: Chapter 6\n---\n## Part {#part}\nText.\n',
  'site/content/en/post/chapter-7.md': [
    '---',
    'title: Chapter 7',
    '---',
    'A {{< relref "/post/chapter-6" >}} B {{< ref "chapter-6" >}} C {{< ref "chapter-6.md#part" >}}',
    'D {{< ref path="/post/chapter-6.md" lang="en" >}} E {{% relref "./chapter-6" %}}',
    '',
  ].join('\n'),
  'site/content/en/about.md': '---\ntitle: About\nslug: who\n---\nSee {{< relref "post/chapter-6#part" >}}.\n',
  'site/content/en/post/fixed.md': '---\ntitle: Fixed\nurl: /fixed-place/\n---\nSee {{< ref "chapter-6" >}}.\n',
  'site/content/fr/post/chapter-6.md': '---\ntitle: Chapitre 6\nslug: chapitre-six\n---\nVoir {{< ref "/post/chapter-7" >}} et {{< ref path="/post/chapter-6" lang="en" >}}.\n',
  'site/content/fr/post/chapter-7.md': '---\ntitle: Chapitre 7\n---\nVoir {{< relref "/post/chapter-6" >}}.\n',
};

/** One content folder, translations by file name, every language in its subfolder, permalinks by section. */
const ONE_FOLDER_IN_SUBDIRS: Record<string, string> = {
  ...LAYOUTS,
  'site/hugo.toml': [
    'baseURL = "https://example.org/"',
    'defaultContentLanguage = "en"',
    'defaultContentLanguageInSubdir = true',
    'refLinksErrorLevel = "ERROR"',
    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]',
    '[permalinks]',
    'post = "/articles/:filename/"',
    '[languages.en]',
    'weight = 1',
    '[languages.fr]',
    'weight = 2',
    '',
  ].join('\n'),
  'site/content/post/a.md': '---\ntitle: A\n---\nSee {{< ref "b" >}}.\n',
  'site/content/post/a.fr.md': '---\ntitle: A fr\n---\nVoir {{< ref "/post/b.md" >}}.\n',
  'site/content/post/b.md': '---\ntitle: B\n---\nBack to {{< ref "a" >}}.\n',
  'site/content/post/b.fr.md': '---\ntitle: B fr\n---\nRetour à {{< relref "/post/a" >}}.\n',
};

async function siteRepo(files: Record<string, string>): Promise<string> {
  const dir = await makeTempDir('content-edit-languages');
  cleanups.push(dir.remove);
  await writeTree(dir.path, files);
  return dir.path;
}

/** hugo's environment as an edge builds it (hugo-book's enableGitInfo needs git on PATH). */
const SITE_CODE_ENV = siteCodeEnvironment(process.env);

function toolsFor(hugo: HugoUnderTest): ContentEditTools {
  return {
    clock: monotonicClock,
    siteCodeEnv: SITE_CODE_ENV,
    buildSite: (settings, deps) => buildHugoSite(settings, { ...deps, hugoBinary: hugo.binary }),
    readSiteView: (siteDir, deps) => readHugoSiteView(siteDir, { ...deps, hugoBinary: hugo.binary }),
  };
}

function moveTask(operations: ContentOperation[], sitePath = 'site', buildAfter = true): Parameters<typeof contentEditWorker>[1] {
  return validTask({ id: '2026-01-19-1500-content-edit-move', type: 'content-edit', environment: 'dev', params: { site_path: sitePath, files: ['**/*.md'], build_after: buildAfter, operations } });
}

/** Every URL path the built site answers with a page (index.html or an alias to one). */
async function builtUrls(publicDir: string): Promise<string[]> {
  const entries = await readdir(publicDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name === 'index.html')
    .map((entry) => `/${path.relative(publicDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`.replace(/index\.html$/, ''))
    .sort();
}

async function buildUrls(hugo: HugoUnderTest, siteDir: string, destination: string): Promise<string[]> {
  const report = await buildHugoSite({ siteDir, destination }, { hugoBinary: hugo.binary, env: SITE_CODE_ENV });
  expect(report.outputs.errors, report.log).toEqual([]);
  expect(report.outputs.build_success, report.log).toBe(true);
  return builtUrls(destination);
}

describe.each(hugoBinaries())('moves on multilingual sites, hugo $version', (hugo) => {
  it('English at the root, French under /fr/, a folder per language: aliases are the URLs the page had, every ref resolves, every old URL answers', async () => {
    const root = await siteRepo(FOLDER_PER_LANGUAGE);
    const site = path.join(root, 'site');
    const before = await buildUrls(hugo, site, path.join(root, 'public-before'));
    expect(before).toContain('/post/chapter-6/');
    expect(before).toContain('/fr/post/chapitre-six/');

    const report = await contentEditWorker(
      root,
      moveTask([
        { op: 'move', from: 'en:post/chapter-6.md', to: 'post/esmeralda.md' },
        { op: 'move', from: 'fr:post/chapter-6.md', to: 'archive/chapter-6.md' },
        { op: 'move', from: 'post/fixed.md', to: 'other/fixed.md' },
      ]),
      toolsFor(hugo),
    );
    expect(report.error, JSON.stringify(report.outputs.errors)).toBeUndefined();
    expect(report.outputs).toMatchObject({ build_success: true, new_build_errors: [], written: true });
    // The English page was served at /post/chapter-6/ (no /en/: the default language is at the root).
    expect(await readFile(path.join(site, 'content/en/post/esmeralda.md'), 'utf8')).toBe('---\ntitle: Chapter 6\naliases:\n  - /post/chapter-6/\n---\n## Part {#part}\nText.\n');
    // The French one under /fr/, by its slug.
    // Hugo 0.155 and later put a French page's alias under /fr/ themselves; older ones take it from the root.
    const frenchAlias = writesAliasesUnderLanguage(hugo.version) ? '/post/chapitre-six/' : '/fr/post/chapitre-six/';
    expect(await readFile(path.join(site, 'content/fr/archive/chapter-6.md'), 'utf8')).toBe(
      `---\ntitle: Chapitre 6\nslug: chapitre-six\naliases:\n  - ${frenchAlias}\n---\nVoir {{< ref "/post/chapter-7" >}} et {{< ref path="/post/esmeralda" lang="en" >}}.\n`,
    );
    // A page whose front matter sets url keeps it: no alias.
    expect(await readFile(path.join(site, 'content/en/other/fixed.md'), 'utf8')).toBe('---\ntitle: Fixed\nurl: /fixed-place/\n---\nSee {{< ref "/post/esmeralda" >}}.\n');
    expect(await readFile(path.join(site, 'content/en/post/chapter-7.md'), 'utf8')).toBe(
      [
        '---',
        'title: Chapter 7',
        '---',
        'A {{< relref "/post/esmeralda" >}} B {{< ref "esmeralda" >}} C {{< ref "esmeralda.md#part" >}}',
        'D {{< ref path="/post/esmeralda.md" lang="en" >}} E {{% relref "./esmeralda" %}}',
        '',
      ].join('\n'),
    );
    expect(await readFile(path.join(site, 'content/en/about.md'), 'utf8')).toBe('---\ntitle: About\nslug: who\n---\nSee {{< relref "post/esmeralda#part" >}}.\n');
    expect(await readFile(path.join(site, 'content/fr/post/chapter-7.md'), 'utf8')).toBe('---\ntitle: Chapitre 7\n---\nVoir {{< relref "/archive/chapter-6" >}}.\n');

    const after = await buildUrls(hugo, site, path.join(root, 'public-after'));
    expect(before.filter((url) => !after.includes(url))).toEqual([]);
  });

  it('one content folder, translations by file name, every language in a subfolder, permalinks config', async () => {
    const root = await siteRepo(ONE_FOLDER_IN_SUBDIRS);
    const site = path.join(root, 'site');
    const before = await buildUrls(hugo, site, path.join(root, 'public-before'));
    expect(before).toEqual(expect.arrayContaining(['/en/articles/a/', '/fr/articles/a/']));

    const report = await contentEditWorker(
      root,
      moveTask([
        { op: 'move', from: 'post/a.md', to: 'post/renamed.md' },
        { op: 'move', from: 'post/a.fr.md', to: 'post/renamed.fr.md' },
      ]),
      toolsFor(hugo),
    );
    expect(report.error, JSON.stringify(report.outputs.errors)).toBeUndefined();
    expect(report.outputs).toMatchObject({ build_success: true, new_build_errors: [] });
    const under = writesAliasesUnderLanguage(hugo.version);
    expect(await readFile(path.join(site, 'content/post/renamed.md'), 'utf8')).toBe(`---\ntitle: A\naliases:\n  - ${under ? '' : '/en'}/articles/a/\n---\nSee {{< ref "b" >}}.\n`);
    expect(await readFile(path.join(site, 'content/post/renamed.fr.md'), 'utf8')).toBe(`---\ntitle: A fr\naliases:\n  - ${under ? '' : '/fr'}/articles/a/\n---\nVoir {{< ref "/post/b.md" >}}.\n`);
    expect(await readFile(path.join(site, 'content/post/b.md'), 'utf8')).toBe('---\ntitle: B\n---\nBack to {{< ref "renamed" >}}.\n');
    expect(await readFile(path.join(site, 'content/post/b.fr.md'), 'utf8')).toBe('---\ntitle: B fr\n---\nRetour à {{< relref "/post/renamed" >}}.\n');

    const after = await buildUrls(hugo, site, path.join(root, 'public-after'));
    expect(before.filter((url) => !after.includes(url))).toEqual([]);
  });

  it('a page in two content folders is named by its language; the error lists the candidates', async () => {
    const root = await siteRepo(FOLDER_PER_LANGUAGE);
    const report = await contentEditWorker(root, moveTask([{ op: 'move', from: 'post/chapter-6.md', to: 'post/x.md' }], 'site', false), toolsFor(hugo));
    expect(report.outputs.errors).toEqual([
      'site/content/en: operations[0] (from): expected one page to move; found 2 named post/chapter-6.md (content/en/post/chapter-6.md, content/fr/post/chapter-6.md): name one with its language, e.g. en:post/chapter-6.md',
    ]);
    expect(report.outputs.written).toBe(false);
  });
});

describe('moves on the real hugo-book site (content.en, content.zh, content.he), current hugo', () => {
  const current = hugoBinaries()[1]!;
  it('a move in content.en keeps its old URL under the base path as an alias; the site builds and every old URL answers', async () => {
    const real = await unpackRealSite('hugo-book', { sitePath: 'site' });
    cleanups.push(real.remove);
    const site = path.join(real.root, 'site');
    const before = await buildUrls(current, site, path.join(real.root, 'public-before'));
    const report = await contentEditWorker(real.root, moveTask([{ op: 'move', from: 'en:docs/content/shortcodes/buttons.md', to: 'docs/content/widgets/buttons.md' }]), toolsFor(current));
    expect(report.error, JSON.stringify(report.outputs.errors)).toBeUndefined();
    expect(report.outputs).toMatchObject({ build_success: true, new_build_errors: [], written: true });
    expect(await readFile(path.join(site, 'content.en/docs/content/widgets/buttons.md'), 'utf8')).toMatch(/\naliases:\n {2}- \/docs\/content\/shortcodes\/buttons\/\n/);
    const after = await buildUrls(current, site, path.join(real.root, 'public-after'));
    expect(before.filter((url) => !after.includes(url))).toEqual([]);
  });
});

describe('globs under every content folder of the real sites, current hugo', () => {
  const current = hugoBinaries()[1]!;
  const matchedBy = async (root: string, sitePath: string, files: string[]) => {
    const view = await readHugoSiteView(path.join(root, sitePath), { hugoBinary: current.binary, env: SITE_CODE_ENV });
    if (!view.ok) throw new Error(view.message);
    const report = await runContentEdit({ repoRoot: root, sitePath, files, operations: [{ op: 'set', field: 'reviewed', value: true }], dryRun: true, site: view.view });
    // A matched page is changed, or named by an error (a page without front matter cannot take the field).
    return { report, files: [...new Set([...report.changes.map((change) => change.file), ...report.errors.filter((error) => error.operation === 0).map((error) => error.file)])].sort() };
  };

  it('hugo-book: a glob matches in content.en, content.zh and content.he; a language narrows it; no match lists the folders searched', async () => {
    const real = await unpackRealSite('hugo-book', { sitePath: 'site' });
    cleanups.push(real.remove);
    const all = await matchedBy(real.root, 'site', ['docs/_index.md']);
    expect(all.files).toEqual(['site/content.en/docs/_index.md', 'site/content.he/docs/_index.md', 'site/content.zh/docs/_index.md']);
    const chinese = await matchedBy(real.root, 'site', ['zh:docs/**/*.md']);
    expect(chinese.files.length).toBeGreaterThan(0);
    expect(chinese.files.every((file) => file.startsWith('site/content.zh/'))).toBe(true);
    const byFolder = await matchedBy(real.root, 'site', ['content.he/docs/*.md']);
    expect(byFolder.files).toEqual(['site/content.he/docs/_index.md']);
    const none = await matchedBy(real.root, 'site', ['post/*.md']);
    expect(none.report.errors.map(formatEditError)).toEqual([
      'site/content.en: params.files[0]: expected the glob "post/*.md" to match pages; found none in the content folders searched: site/content.en/, site/content.zh/, site/content.he/ (globs are relative to a content folder)',
    ]);
  });

  it('PaperMod: one content folder, translations by file name: fr: picks the French pages, classes work', async () => {
    const real = await unpackRealSite('papermod', { sitePath: 'site' });
    cleanups.push(real.remove);
    const french = await matchedBy(real.root, 'site', ['fr:**/*.md']);
    expect(french.files).toEqual(['site/content/archives.fr.md', 'site/content/posts/markdown-syntax.fr.md', 'site/content/search.fr.md']);
    const classes = await matchedBy(real.root, 'site', ['posts/markdown-syntax.f[ar].md']);
    expect(classes.files).toEqual(['site/content/posts/markdown-syntax.fa.md', 'site/content/posts/markdown-syntax.fr.md']);
  });
});
