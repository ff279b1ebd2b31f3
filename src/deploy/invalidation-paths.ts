import { compareStrings } from './plan.js';

export interface InvalidationPathOptions {
  /**
   * Most paths one invalidation may list (default 15). CloudFront bills each path, a wildcard
   * counting as one, so past this the paths are merged into wildcards, `/*` at the last.
   */
  budget?: number;
  /** More changed entries than this in one directory become `/dir/*` (default 5). */
  siblingLimit?: number;
  /**
   * The distribution's origin path (`/site` when CloudFront reads from the bucket's `site/`
   * prefix). It is cut from keys to get URL paths; keys outside it are not served and are dropped.
   */
  originPath?: string;
}

export const DEFAULT_INVALIDATION_BUDGET = 15;
export const DEFAULT_SIBLING_LIMIT = 5;

/**
 * Turns changed object keys into the fewest CloudFront paths that cover them. A page stored as
 * `dir/index.html` is requested as `/dir/` and `/dir`, so both are invalidated; crowded
 * directories and anything past the budget become wildcards. Pure and sorted, so the same change
 * always gives the same request.
 */
export function reduceInvalidationPaths(
  changedKeys: readonly string[],
  options: InvalidationPathOptions = {},
): string[] {
  const budget = Math.max(1, options.budget ?? DEFAULT_INVALIDATION_BUDGET);
  const siblingLimit = Math.max(1, options.siblingLimit ?? DEFAULT_SIBLING_LIMIT);
  const origin = (options.originPath ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
  const keyPrefix = origin === '' ? '' : `${origin}/`;

  const paths = new Set<string>();
  for (const key of changedKeys) {
    if (!key.startsWith(keyPrefix)) continue;
    for (const urlPath of urlPathsForKey(key.slice(keyPrefix.length))) paths.add(urlPath);
  }
  if (paths.size === 0) return [];

  let reduced = collapseAll(paths, crowdedDirectories(paths, siblingLimit));
  while (reduced.size > budget) {
    const best = pickDirectoryToCollapse(reduced);
    if (!best) return ['/*'];
    reduced = collapseAll(reduced, [best]);
  }
  return [...reduced].sort(compareStrings);
}

/** The URL paths a viewer can request an object by. */
export function urlPathsForKey(relativeKey: string): string[] {
  const urlPath = '/' + relativeKey.split('/').map(encodeSegment).join('/');
  if (urlPath === '/index.html') return ['/'];
  if (urlPath.endsWith('/index.html')) {
    const dir = urlPath.slice(0, -'index.html'.length);
    return [dir, dir.slice(0, -1)];
  }
  return [urlPath];
}

/**
 * CloudFront wants non-ASCII and RFC 1738 unsafe characters percent-encoded and nothing else; a
 * literal `*` is encoded too, since unencoded it would be read as a wildcard.
 */
function encodeSegment(segment: string): string {
  let out = '';
  for (const char of segment) {
    const code = char.codePointAt(0)!;
    if (code > 0x20 && code < 0x7f && !' "#%<>[\\]^`{|}*'.includes(char)) out += char;
    else
      for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The directories (below the root) a path is under, `/a/` and `/a/b/` for `/a/b/c.css`; a
 * directory path counts as under itself, as `/a/b/*` covers `/a/b/`.
 */
function directoriesAbove(urlPath: string): string[] {
  const dirs: string[] = [];
  for (let i = urlPath.indexOf('/', 1); i !== -1; i = urlPath.indexOf('/', i + 1)) dirs.push(urlPath.slice(0, i + 1));
  return dirs;
}

/**
 * Directories with more than `limit` changed entries, a subdirectory with changes inside
 * counting as one entry, as do `/a/b/` and `/a/b`. The root is left to the budget: a typical
 * post touches the home page, feeds, sitemap and a few sections, and that alone should not
 * flush the whole distribution.
 */
function crowdedDirectories(paths: Set<string>, limit: number): string[] {
  const entries = new Map<string, Set<string>>();
  for (const urlPath of paths) {
    for (const dir of directoriesAbove(urlPath)) {
      const rest = urlPath.slice(dir.length);
      if (rest === '' || rest === '*') continue;
      const name = rest.split('/')[0]!;
      let names = entries.get(dir);
      if (!names) entries.set(dir, (names = new Set()));
      names.add(name);
    }
  }
  return [...entries].filter(([, names]) => names.size > limit).map(([dir]) => dir);
}

/** Replaces every path under each directory (the directory included) with `dir*`. */
function collapseAll(paths: Set<string>, dirs: readonly string[]): Set<string> {
  if (dirs.length === 0) return paths;
  const wildcards = new Set(dirs);
  const covered = (urlPath: string) => directoriesAbove(urlPath).some((dir) => wildcards.has(dir));
  const next = new Set<string>();
  for (const urlPath of paths) if (!covered(urlPath)) next.add(urlPath);
  for (const dir of wildcards) {
    if (!directoriesAbove(dir).some((above) => above !== dir && wildcards.has(above))) next.add(`${dir}*`);
  }
  return next;
}

function depth(dir: string): number {
  return dir.split('/').length;
}

/**
 * The directory whose wildcard removes the most paths (ties: the deeper one, which invalidates
 * less collateral, then name order), or undefined when no wildcard below the root helps.
 */
function pickDirectoryToCollapse(paths: Set<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const urlPath of paths) for (const dir of directoriesAbove(urlPath)) counts.set(dir, (counts.get(dir) ?? 0) + 1);
  let best: { dir: string; covered: number } | undefined;
  for (const [dir, covered] of counts) {
    if (covered < 2) continue;
    if (
      !best ||
      covered > best.covered ||
      (covered === best.covered &&
        (depth(dir) > depth(best.dir) || (depth(dir) === depth(best.dir) && compareStrings(dir, best.dir) < 0)))
    ) {
      best = { dir, covered };
    }
  }
  return best?.dir;
}
