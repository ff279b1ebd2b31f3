import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeContent, splitContent } from '../content-edit/content-file.js';
import { parseFront } from '../content-edit/field-edits.js';

/** What makes a page's URL: its file (relative to its content folder) and the front matter that moves it. */
export interface PageAddress {
  /** The page's file, relative to the repository. */
  file: string;
  /** The file relative to its content folder (`posts/a.md`). */
  contentPath: string;
  url?: string;
  slug?: string;
  aliases?: string[];
}

/** Paths quoted in a panic message (`"/posts/old/"`, `/docs/a/`): what hugo was working on. */
const QUOTED_PATH = /(?:^|[\s"'(\[=])(\/[\w\-.~%/]*[\w\-~%/])/g;

/**
 * The page a panic message points at by one of its addresses: a `url`, an alias, a path ending in
 * its `slug`, or its file's path without extension. Undefined when none, or more than one, fits.
 */
export function pageNamedIn(texts: readonly string[], pages: readonly PageAddress[]): PageAddress | undefined {
  for (const text of texts) {
    const quoted = [...text.matchAll(QUOTED_PATH)].map((match) => trimSlashes((match[1] ?? '').replace(/\/index\.html?$/, ''))).filter(Boolean);
    if (quoted.length === 0) continue;
    const fits = pages.filter((page) => {
      const addresses = addressesOf(page);
      const slug = page.slug === undefined ? undefined : trimSlashes(page.slug);
      return quoted.some((address) => addresses.includes(address) || (slug !== undefined && address.split('/').at(-1) === slug));
    });
    if (fits.length === 1) return fits[0];
  }
  return undefined;
}

function addressesOf(page: PageAddress): string[] {
  const withoutExtension = page.contentPath.replace(/\.[^./]+$/, '').replace(/(?:^|\/)(?:_?index)$/, '');
  return [page.url, ...(page.aliases ?? []), withoutExtension, page.contentPath].filter((value): value is string => typeof value === 'string').map(trimSlashes).filter(Boolean);
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '');
}

/** Content files per content folder of a site (content/, content.en/, …): only read when hugo crashed. */
const MAX_PAGES = 20_000;

/** Reads the addresses of the site's pages from their front matter, for pageNamedIn. */
export async function readPageAddresses(siteDir: string, pathsFrom: string): Promise<PageAddress[]> {
  const folders = (await readdir(siteDir, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory() && /^content(?:\.[\w-]+)?$/.test(entry.name));
  const pages: PageAddress[] = [];
  for (const folder of folders) {
    const contentDir = path.join(siteDir, folder.name);
    const entries = await readdir(contentDir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (pages.length >= MAX_PAGES) return pages;
      if (!entry.isFile() || !/\.(?:md|markdown|html?)$/i.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const page: PageAddress = { file: toPosix(path.relative(pathsFrom, file)), contentPath: toPosix(path.relative(contentDir, file)) };
      Object.assign(page, addressFields(await readFile(file).catch(() => undefined)));
      pages.push(page);
    }
  }
  return pages;
}

function addressFields(bytes: Buffer | undefined): Pick<PageAddress, 'url' | 'slug' | 'aliases'> {
  const decoded = bytes ? decodeContent(bytes) : undefined;
  if (!decoded?.ok) return {};
  const content = splitContent(decoded.text);
  if (!content.format) return {};
  const parsed = parseFront(content.format, content.front, content.eol);
  if (!parsed.ok) return {};
  const { url, slug, aliases } = parsed.editor.data;
  return {
    ...(typeof url === 'string' ? { url } : {}),
    ...(typeof slug === 'string' ? { slug } : {}),
    ...(Array.isArray(aliases) ? { aliases: aliases.filter((alias): alias is string => typeof alias === 'string') } : {}),
  };
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}
