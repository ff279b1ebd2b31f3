import { HUGO_CONFIG_FILES } from './site-config.js';
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { configuredThemes, type NamedText, type SiteVersionFiles } from './required-version.js';

/** Files other tools read a Hugo version from, looked for in the site folder and at the repository root. */
const PIN_FILES = ['netlify.toml', '.hugo-version', '.tool-versions', '.mise.toml', 'mise.toml'];
/** A theme's files that state the Hugo it needs. */
const THEME_FILES = ['theme.toml', ...HUGO_CONFIG_FILES];

/**
 * Reads the few files that say which Hugo a site needs (its config, its themes' theme.toml and
 * config, other tools' pins), a handful of small reads, for findHugoVersionNeeds. Paths in the
 * answer are relative to `root`. The themes are the ones the site config names, else every
 * folder under themes/.
 */
export async function readSiteVersionFiles(root: string, sitePath: string): Promise<SiteVersionFiles> {
  const siteDir = path.resolve(root, sitePath);
  const siteConfigs = readExisting(root, siteDir, [...HUGO_CONFIG_FILES, ...HUGO_CONFIG_FILES.map((name) => `config/_default/${name}`), 'config/_default/module.toml']);
  const themesDir = path.join(siteDir, 'themes');
  const themes = configuredThemes(siteConfigs) ?? (await readdir(themesDir, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const themeFiles: NamedText[] = [];
  for (const theme of themes) {
    // A theme name from the config stays inside themes/.
    if (theme.split(/[\\/]/).includes('..')) continue;
    themeFiles.push(...readExisting(root, path.join(themesDir, theme), THEME_FILES));
  }
  const pinFolders = [...new Set([siteDir, path.resolve(root)])];
  const pinFiles: NamedText[] = [];
  for (const folder of pinFolders) pinFiles.push(...readExisting(root, folder, PIN_FILES));
  return { siteConfigs, themeFiles, pinFiles };
}

/**
 * Synchronous: of the twenty-odd names looked for, a site has one or two, and a promise-based read
 * of each (a thread-pool round trip per name, found or not) cost more than the reads themselves,
 * on the way to starting hugo.
 */
function readExisting(root: string, folder: string, names: readonly string[]): NamedText[] {
  const found: NamedText[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    const text = existsSync(file) ? readTextOrUndefined(file) : undefined;
    if (text !== undefined) found.push({ path: path.relative(root, file).split(path.sep).join('/'), text });
  }
  return found;
}

/** A folder of that name, or a file that cannot be read, says nothing, as a missing one. */
function readTextOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
