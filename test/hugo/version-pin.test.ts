import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initRepository } from '../../src/client/init-repo.js';
import { buildHugoSite } from '../../src/hugo/build.js';
import { findHugoVersionNeeds, type HugoVersionRule } from '../../src/hugo/required-version.js';
import { readSiteVersionFiles } from '../../src/hugo/site-version-files.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { unpackRealSite } from '../helpers/real-sites.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const [oldHugo, currentHugo] = hugoBinaries();

const SMALL_SITE: Record<string, string> = {
  'hugo.toml': 'baseURL = "https://example.org/"\ntitle = "T"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
  'layouts/_default/single.html': '<html><body>{{ .Content }}</body></html>\n',
  'layouts/_default/list.html': '<html><body>{{ .Content }}</body></html>\n',
  'content/_index.md': '---\ntitle: "Home"\n---\nHello\n',
};

async function ruleFor(root: string, sitePath: string, pin?: string): Promise<HugoVersionRule> {
  const needs = findHugoVersionNeeds(await readSiteVersionFiles(root, sitePath));
  return { minimums: needs.minimums, ...(pin ? { pinned: { version: pin, source: 'handoff.yml hugo_version' } } : {}) };
}

describe('one Hugo version: init pins it, builds refuse another', () => {
  it('init pins the version a real site needs, saying where it came from, in the line setup-hugo reads', async ({ onTestFinished }) => {
    const site = await unpackRealSite('hugo-book', { sitePath: 'docs' });
    onTestFinished(site.remove);
    // This machine's hugo is too old for the theme: the default release, which meets its min_version, is pinned.
    const outcome = await initRepository({ root: site.root, force: false, packageRoot: PROJECT_ROOT, localHugoVersion: oldHugo!.version });
    expect(outcome.hugo_version).toEqual({ version: '0.169.0', reason: "handoff's default; meets docs/themes/hugo-book/theme.toml min_version 0.158.0" });
    const handoffYml = await readFile(path.join(site.root, 'handoff.yml'), 'utf8');
    expect(handoffYml).toContain("\nhugo_version: 0.169.0  # handoff's default; meets docs/themes/hugo-book/theme.toml min_version 0.158.0\n");
  });

  it(`a theme that needs a newer Hugo than ${oldHugo!.version} is refused as hugo-version, not as the template error it causes`, async ({ onTestFinished }) => {
    const site = await unpackRealSite('hugo-book');
    onTestFinished(site.remove);
    const report = await buildHugoSite(
      { siteDir: site.root, destination: path.join(site.root, '.handoff', 'out'), hugoVersionRule: await ruleFor(site.root, '.', '0.169.0') },
      { hugoBinary: oldHugo!.binary },
    );
    expect(report.error).toMatchObject({ category: 'hugo-version', action: 'escalate' });
    expect(report.error?.message).toBe(`hugo ${oldHugo!.version} would build this site, but handoff.yml hugo_version pins 0.169.0 and themes/hugo-book/theme.toml min_version needs at least 0.158.0`);
    expect(report.error?.next_step).toContain('go install -tags extended github.com/gohugoio/hugo@v0.169.0');
    expect(report.outputs).toMatchObject({ build_success: false, hugo_version: oldHugo!.version, hugo_version_pinned: '0.169.0' });
  });

  it(`${currentHugo!.version} against a pin of 0.111.3 is stopped when it names its version, before it writes a page; --allow-hugo-mismatch builds and records it`, async ({ onTestFinished }) => {
    const dir = await makeTempDir('handoff-version-pin');
    onTestFinished(dir.remove);
    await writeTree(dir.path, SMALL_SITE);
    const destination = path.join(dir.path, 'out');
    const rule = await ruleFor(dir.path, '.', '0.111.3');
    const refused = await buildHugoSite({ siteDir: dir.path, destination, hugoVersionRule: rule }, { hugoBinary: currentHugo!.binary });
    expect(refused.error).toMatchObject({ category: 'hugo-version', message: `hugo ${currentHugo!.version} would build this site, but handoff.yml hugo_version pins 0.111.3` });
    expect(refused.error?.next_step).toContain(`\`hugo_version: ${currentHugo!.version.replace(/\+.*/, '')}\` in handoff.yml`);
    expect(refused.outputs).toMatchObject({ build_success: false, file_count: 0, hugo_version: currentHugo!.version, hugo_version_pinned: '0.111.3' });
    expect(await readdir(destination)).toEqual([]);

    const allowed = await buildHugoSite({ siteDir: dir.path, destination, hugoVersionRule: rule, allowHugoMismatch: true }, { hugoBinary: currentHugo!.binary });
    expect(allowed.error).toBeUndefined();
    expect(allowed.outputs).toMatchObject({ build_success: true, hugo_version_pinned: '0.111.3', hugo_version_mismatch: refused.error?.message });
    expect(allowed.outputs.file_count).toBeGreaterThan(0);
  });

  it('the pinned Hugo meeting the theme minimum builds the real site and records the pin', async ({ onTestFinished }) => {
    const site = await unpackRealSite('papermod');
    onTestFinished(site.remove);
    const report = await buildHugoSite(
      { siteDir: site.root, destination: path.join(site.root, '.handoff', 'out'), hugoVersionRule: await ruleFor(site.root, '.', '0.169.0') },
      { hugoBinary: currentHugo!.binary },
    );
    expect(report.error).toBeUndefined();
    expect(report.outputs).toMatchObject({ build_success: true, hugo_version_pinned: '0.169.0', hugo_version_mismatch: null });
  });
});
