import { describe, expect, it } from 'vitest';
import { choosePin, compareVersions, configuredThemes, DEFAULT_HUGO_VERSION, findHugoVersionNeeds, hugoVersionMismatch, normalizeVersion, type SiteVersionFiles } from '../../src/hugo/required-version.js';

const none: SiteVersionFiles = { siteConfigs: [], themeFiles: [], pinFiles: [] };

describe('the Hugo version a site needs, from its files', () => {
  it('reads min_version and module.hugoVersion.min from themes, and module.hugoVersion.min from the site config in each format', () => {
    const needs = findHugoVersionNeeds({
      themeFiles: [
        { path: 'themes/book/theme.toml', text: 'name = "Book"\nmin_version = "0.158.0"\n' },
        { path: 'themes/book/hugo.toml', text: '[module]\n[module.hugoVersion]\n  min = "0.158"\n' },
        { path: 'themes/old/theme.toml', text: 'min_version = 0.41\n' },
      ],
      siteConfigs: [
        { path: 'site/hugo.yaml', text: 'module:\n  hugoVersion:\n    min: v0.160.1\n' },
        { path: 'site/config.json', text: '{"module": {"hugoversion": {"min": "0.120.0"}}}' },
        { path: 'site/config.toml', text: 'this is not = = toml' },
      ],
      pinFiles: [],
    });
    expect(needs.minimums).toEqual([
      { version: '0.158.0', source: 'themes/book/theme.toml min_version' },
      { version: '0.158.0', source: 'themes/book/hugo.toml module.hugoVersion.min' },
      { version: '0.41.0', source: 'themes/old/theme.toml min_version' },
      { version: '0.160.1', source: 'site/hugo.yaml module.hugoVersion.min' },
      { version: '0.120.0', source: 'site/config.json module.hugoVersion.min' },
    ]);
    expect(needs.exact).toEqual([]);
  });

  it('reads the versions other tools install: netlify.toml, .hugo-version, .tool-versions, mise', () => {
    const needs = findHugoVersionNeeds({
      ...none,
      pinFiles: [
        { path: 'netlify.toml', text: '[build]\ncommand = "hugo"\n[build.environment]\nHUGO_VERSION = "0.147.2"\n' },
        { path: '.hugo-version', text: '0.148.0\n' },
        { path: '.tool-versions', text: 'nodejs 20.1.0\nhugo extended_0.149.1 # the site\n' },
        { path: 'site/.mise.toml', text: '[tools]\nnode = "20"\nhugo-extended = "0.150.0"\n' },
        { path: 'mise.toml', text: '[tools]\n"aqua:gohugoio/hugo" = ["0.151.0"]\n' },
        { path: 'other/netlify.toml', text: '[build]\ncommand = "make"\n' },
      ],
    });
    expect(needs.exact).toEqual([
      { version: '0.147.2', source: 'netlify.toml build.environment.HUGO_VERSION' },
      { version: '0.148.0', source: '.hugo-version' },
      { version: '0.149.1', source: '.tool-versions hugo' },
      { version: '0.150.0', source: 'site/.mise.toml tools.hugo-extended' },
      { version: '0.151.0', source: 'mise.toml tools.aqua:gohugoio/hugo' },
    ]);
  });

  it('pins an exact version another tool installs, else the local hugo, else the default, each only when it meets every minimum, else the highest minimum', () => {
    const theme = { version: '0.158.0', source: 'themes/book/theme.toml min_version' };
    const defaults = { defaultVersion: '0.169.0' };
    expect(choosePin({ minimums: [], exact: [] })).toEqual({ version: DEFAULT_HUGO_VERSION, reason: "handoff's default; the site names no Hugo version" });
    expect(choosePin({ minimums: [], exact: [] }, { local: '0.111.3+extended' })).toEqual({ version: '0.111.3', reason: 'the hugo on this machine; the site names no Hugo version' });
    expect(choosePin({ minimums: [theme], exact: [] }, { local: '0.111.3', ...defaults })).toEqual({ version: '0.169.0', reason: "handoff's default; meets themes/book/theme.toml min_version 0.158.0" });
    expect(choosePin({ minimums: [theme], exact: [] }, { local: '0.160.1', ...defaults })).toEqual({ version: '0.160.1', reason: 'the hugo on this machine; meets themes/book/theme.toml min_version 0.158.0' });
    expect(choosePin({ minimums: [theme, { version: '0.170.2', source: 'hugo.toml module.hugoVersion.min' }], exact: [] }, defaults)).toEqual({ version: '0.170.2', reason: 'from hugo.toml module.hugoVersion.min 0.170.2' });
    expect(choosePin({ minimums: [theme], exact: [{ version: '0.160.0', source: '.hugo-version' }] }, { local: '0.169.0' })).toEqual({ version: '0.160.0', reason: 'from .hugo-version; meets themes/book/theme.toml min_version 0.158.0' });
    // An exact version below a theme's minimum cannot build the site: the next rule applies.
    expect(choosePin({ minimums: [theme], exact: [{ version: '0.111.3', source: 'netlify.toml build.environment.HUGO_VERSION' }] }, defaults).version).toBe('0.169.0');
  });

  it('names the themes the site config chooses', () => {
    expect(configuredThemes([{ path: 'hugo.toml', text: "theme = 'hugo-book'\n" }])).toEqual(['hugo-book']);
    expect(configuredThemes([{ path: 'config.yml', text: 'theme: [hugo-PaperMod, extra]\n' }])).toEqual(['hugo-PaperMod', 'extra']);
    expect(configuredThemes([{ path: 'hugo.toml', text: 'title = "x"\n' }])).toBeUndefined();
  });

  it('normalizes and compares versions numerically', () => {
    expect(normalizeVersion('0.111.3+extended')).toBe('0.111.3');
    expect(normalizeVersion('v0.158')).toBe('0.158.0');
    expect(normalizeVersion('latest')).toBeUndefined();
    expect(compareVersions('0.99.0', '0.111.0')).toBeLessThan(0);
    expect(compareVersions('0.169.0', '0.169')).toBe(0);
  });
});

describe('the Hugo that would run, against the pin and the minimums', () => {
  const pinned = { version: '0.169.0', source: 'handoff.yml hugo_version' };
  const theme = { version: '0.158.0', source: 'themes/hugo-book/theme.toml min_version' };

  it('accepts the pinned minor release (any patch) meeting the minimums, and any Hugo meeting the minimums when nothing is pinned', () => {
    expect(hugoVersionMismatch('0.169.0+extended', { pinned, minimums: [theme] })).toBeUndefined();
    expect(hugoVersionMismatch('0.169.2', { pinned, minimums: [theme] })).toBeUndefined();
    expect(hugoVersionMismatch('0.160.0', { minimums: [theme] })).toBeUndefined();
  });

  it('refuses a Hugo below a theme minimum, naming the theme file and the exact install command', () => {
    const mismatch = hugoVersionMismatch('0.111.3+extended', { pinned, minimums: [theme] });
    expect(mismatch?.message).toBe('hugo 0.111.3+extended would build this site, but handoff.yml hugo_version pins 0.169.0 and themes/hugo-book/theme.toml min_version needs at least 0.158.0');
    expect(mismatch?.next_step).toContain('go install -tags extended github.com/gohugoio/hugo@v0.169.0');
    expect(mismatch?.next_step).toContain('handoff run --allow-hugo-mismatch');
    // Below the theme's minimum, pinning the old Hugo would not help: no pin command is offered.
    expect(mismatch?.next_step).not.toContain('hugo_version: 0.111.3');
  });

  it('refuses another minor release than the pin, offering to pin the one there is when the themes accept it', () => {
    const mismatch = hugoVersionMismatch('0.160.0', { pinned, minimums: [theme] });
    expect(mismatch?.message).toBe('hugo 0.160.0 would build this site, but handoff.yml hugo_version pins 0.169.0');
    expect(mismatch?.next_step).toContain('`hugo_version: 0.160.0` in handoff.yml');
    expect(mismatch?.wanted).toBe('0.169.0');
  });
});
