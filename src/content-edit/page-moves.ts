import path from 'node:path';

/** A page moving from one content path to another (both relative to the content folder). */
export interface PageMove {
  from: string;
  to: string;
}

/**
 * The URL Hugo gives a page at a content path under its default permalinks: `posts/a.md` ->
 * `/posts/a/`. A page whose front matter sets `url` keeps it wherever it moves, so it needs no
 * alias; a `slug` replaces the file name.
 */
export function pageUrl(contentPath: string, frontMatter: Record<string, unknown>): string | undefined {
  if (typeof frontMatter.url === 'string') return undefined;
  const dir = path.posix.dirname(contentPath);
  const name = typeof frontMatter.slug === 'string' && frontMatter.slug !== '' ? frontMatter.slug : path.posix.basename(contentPath, '.md');
  return `/${dir === '.' ? '' : `${dir}/`}${name}/`.toLowerCase();
}

const REF_SHORTCODE = /(\{\{[<%]\s*(?:rel)?ref\s+)(["`])([^"`\n]*)\2(\s*[>%]\}\})/g;

export interface RefRewrite {
  text: string;
  count: number;
}

/**
 * Rewrites `ref` and `relref` shortcodes (`{{< ref "x" >}}`, `{{% relref "x" %}}`) in a page's
 * body that point at a moved page, and, when the page itself moved, its relative refs to pages
 * that stay. A ref is resolved as Hugo does: relative to the page's folder, then from the content
 * root (a leading `/`), with or without `.md`, then by file name when only one page has it. The
 * rewritten ref keeps its form: absolute or relative, with or without `.md`, and its `#anchor`.
 */
export function rewriteRefs(body: string, page: PageMove, moves: ReadonlyMap<string, string>, exists: (contentPath: string) => boolean, uniqueByName: (name: string) => string | undefined): RefRewrite {
  let count = 0;
  const oldDir = path.posix.dirname(page.from);
  const newDir = path.posix.dirname(page.to);
  const text = body.replace(REF_SHORTCODE, (whole, head: string, quote: string, ref: string, tail: string) => {
    const [target = '', anchor] = splitAnchor(ref);
    if (target === '' || /^[a-z]+:/i.test(target)) return whole;
    const resolved = resolveRef(target, oldDir, exists, uniqueByName);
    if (!resolved) return whole;
    const destination = moves.get(resolved.path) ?? resolved.path;
    if (destination === resolved.path && oldDir === newDir) return whole;
    if (destination === resolved.path && resolved.how !== 'relative') return whole;
    const withMd = target.endsWith('.md');
    const strip = (value: string): string => (withMd ? value : value.replace(/\.md$/, ''));
    let written: string;
    if (resolved.how === 'absolute') written = `/${strip(destination)}`;
    else if (resolved.how === 'root') written = strip(destination);
    else if (resolved.how === 'name' && path.posix.basename(destination) === path.posix.basename(resolved.path)) return whole;
    else if (resolved.how === 'name') written = `/${strip(destination)}`;
    else {
      // A ref that would have to climb out of the page's folder is written from the content root instead.
      const relative = path.posix.relative(newDir, destination);
      written = relative.startsWith('../') ? `/${strip(destination)}` : strip(target.startsWith('./') ? `./${relative}` : relative);
    }
    if (written === target) return whole;
    count++;
    return `${head}${quote}${written}${anchor === undefined ? '' : `#${anchor}`}${quote}${tail}`;
  });
  return { text, count };
}

function splitAnchor(ref: string): [string, string | undefined] {
  const hash = ref.indexOf('#');
  return hash === -1 ? [ref, undefined] : [ref.slice(0, hash), ref.slice(hash + 1)];
}

function resolveRef(target: string, dir: string, exists: (contentPath: string) => boolean, uniqueByName: (name: string) => string | undefined): { path: string; how: 'relative' | 'absolute' | 'root' | 'name' } | undefined {
  const candidates = (base: string): string[] => (base.endsWith('.md') ? [base] : [`${base}.md`, `${base}/index.md`, `${base}/_index.md`]);
  if (target.startsWith('/')) {
    const found = candidates(path.posix.normalize(target.slice(1))).find(exists);
    return found ? { path: found, how: 'absolute' } : undefined;
  }
  const relative = candidates(path.posix.normalize(path.posix.join(dir, target))).find((candidate) => !candidate.startsWith('..') && exists(candidate));
  if (relative) return { path: relative, how: 'relative' };
  const fromRoot = candidates(path.posix.normalize(target)).find((candidate) => !candidate.startsWith('..') && exists(candidate));
  if (fromRoot) return { path: fromRoot, how: 'root' };
  if (!target.includes('/')) {
    const byName = uniqueByName(target.endsWith('.md') ? target : `${target}.md`);
    if (byName) return { path: byName, how: 'name' };
  }
  return undefined;
}
