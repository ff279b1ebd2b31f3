import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { parse as parseYaml } from 'yaml';
import { pathExists } from '../files/path-exists.js';

/** Hugo's own config file names, in the order Hugo looks for them. */
export const HUGO_CONFIG_FILES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];

/** What a site's own config says that handoff can propose values from. */
export interface SiteConfigFacts {
  /** The config file read, relative to the site folder. */
  file: string;
  /** Its baseURL when it is an http(s) URL. */
  baseURL?: string;
  /** The language keys of its `languages` table, the default one first. */
  languages: string[];
}

/**
 * Reads a Hugo site's main config file (TOML, YAML or JSON; keys case-insensitive, as Hugo reads
 * them) for baseURL and the languages. Undefined when there is no config file or it does not
 * parse: init then proposes its examples, and the build reports the config's own problem.
 */
export async function readSiteConfigFacts(siteDir: string): Promise<SiteConfigFacts | undefined> {
  for (const name of HUGO_CONFIG_FILES) {
    const file = path.join(siteDir, name);
    if (!(await pathExists(file))) continue;
    const data = parseConfig(name, await readFile(file, 'utf8'));
    if (!data) return undefined;
    const baseURL = valueOf(data, 'baseurl');
    const languagesTable = valueOf(data, 'languages');
    const defaultLanguage = valueOf(data, 'defaultcontentlanguage');
    const languages = isTable(languagesTable) ? Object.keys(languagesTable) : [];
    if (typeof defaultLanguage === 'string' && languages.includes(defaultLanguage)) {
      languages.splice(languages.indexOf(defaultLanguage), 1);
      languages.unshift(defaultLanguage);
    }
    return { file: name, ...(typeof baseURL === 'string' && /^https?:\/\/[^/\s]+/.test(baseURL) ? { baseURL } : {}), languages };
  }
  return undefined;
}

function parseConfig(name: string, text: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = name.endsWith('.toml') ? getStaticTOMLValue(parseTOML(text)) : name.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    return isTable(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function valueOf(table: Record<string, unknown>, lowerCaseKey: string): unknown {
  const key = Object.keys(table).find((candidate) => candidate.toLowerCase() === lowerCaseKey);
  return key === undefined ? undefined : table[key];
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
