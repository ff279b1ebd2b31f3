import path from 'node:path';

/** A page moving from one content path to another (both in Hugo's content tree of its language). */
export interface PageMove {
  from: string;
  to: string;
}

/**
 * The pages a ref can name in one language, as Hugo resolves refs: paths in that language's
 * content tree (all its content folders merged), a translation by file name (`a.fr.md`) under
 * its plain name (`a.md`).
 */
export interface RefNamespace {
  exists: (contentPath: string) => boolean;
  uniqueByName: (name: string) => string | undefined;
  /** Moves in this language, by old content path. */
  moves: ReadonlyMap<string, string>;
}

/**
 * The URL Hugo gives a page at a content path under its default permalinks, used only where
 * Hugo's own list of the site is not at hand: `posts/a.md` -> `/posts/a/`. A page whose front
 * matter sets `url` keeps it wherever it moves, so it needs no alias; a `slug` replaces the name.
 */
export function pageUrl(contentPath: string, frontMatter: Record<string, unknown>): string | undefined {
  if (typeof frontMatter.url === 'string') return undefined;
  const dir = path.posix.dirname(contentPath);
  const name = typeof frontMatter.slug === 'string' && frontMatter.slug !== '' ? frontMatter.slug : path.posix.basename(contentPath, '.md');
  return `/${dir === '.' ? '' : `${dir}/`}${name}/`.toLowerCase();
}

// `{{< ref "x" >}}`, `{{% relref "x" "rss" %}}`, `{{< ref path="x" lang="fr" >}}`: the arguments are parsed below.
const REF_SHORTCODE = /\{\{([<%])(\s*)(ref|relref)(\s+)((?:[A-Za-z]+=)?(?:"[^"\n]*"|`[^`\n]*`)(?:\s+(?:[A-Za-z]+=)?(?:"[^"\n]*"|`[^`\n]*`)){0,3})(\s*)([>%])\}\}/g;
const ARGUMENT = /([A-Za-z]+=)?("([^"\n]*)"|`([^`\n]*)`)/g;

export interface RefRewrite {
  text: string;
  count: number;
}

/**
 * Rewrites `ref` and `relref` shortcodes in a page's body that point at a moved page, and, when the
 * page itself moved, its relative refs to pages that stay. A ref is resolved as Hugo does: in the
 * page's language (or the one named by `lang=`), relative to the page's folder, then from the
 * content root (a leading `/`), with or without `.md`, then by file name when only one page has
 * it. The rewritten ref keeps its form: absolute or relative, with or without `.md`, its `#anchor`,
 * its quotes and its other arguments.
 */
export function rewriteRefs(body: string, page: PageMove, namespaceFor: (language: string | undefined) => RefNamespace): RefRewrite {
  let count = 0;
  const oldDir = path.posix.dirname(page.from);
  const newDir = path.posix.dirname(page.to);
  const text = body.replace(REF_SHORTCODE, (whole: string, _open: string, _space: string, _name: string, _gap: string, args: string) => {
    const parsed = [...args.matchAll(ARGUMENT)].map((match) => ({ key: match[1]?.slice(0, -1), value: match[3] ?? match[4] ?? '', start: match.index, length: match[0].length, quote: match[2]![0]! }));
    const pathArgument = parsed.find((argument) => argument.key === 'path') ?? (parsed[0]?.key === undefined ? parsed[0] : undefined);
    if (!pathArgument) return whole;
    const language = parsed.find((argument) => argument.key === 'lang')?.value;
    const written = rewriteRef(pathArgument.value, oldDir, newDir, namespaceFor(language));
    if (written === undefined) return whole;
    count++;
    const argsStart = whole.indexOf(args);
    const at = argsStart + pathArgument.start + (pathArgument.key ? pathArgument.key.length + 1 : 0);
    return `${whole.slice(0, at)}${pathArgument.quote}${written}${pathArgument.quote}${whole.slice(at + pathArgument.length - (pathArgument.key ? pathArgument.key.length + 1 : 0))}`;
  });
  return { text, count };
}

/** The ref's new text, or undefined when it stays as it is. */
function rewriteRef(ref: string, oldDir: string, newDir: string, namespace: RefNamespace): string | undefined {
  const [target = '', anchor] = splitAnchor(ref);
  if (target === '' || /^[a-z]+:/i.test(target)) return undefined;
  const resolved = resolveRef(target, oldDir, namespace);
  if (!resolved) return undefined;
  const destination = namespace.moves.get(resolved.path) ?? resolved.path;
  if (destination === resolved.path && oldDir === newDir) return undefined;
  if (destination === resolved.path && resolved.how !== 'relative') return undefined;
  const withMd = target.endsWith('.md');
  const strip = (value: string): string => (withMd ? value : value.replace(/(?:\/_?index)?\.md$/, ''));
  let written: string;
  if (resolved.how === 'absolute') written = `/${strip(destination)}`;
  else if (resolved.how === 'root') written = strip(destination);
  else if (resolved.how === 'name' && path.posix.basename(destination) === path.posix.basename(resolved.path)) return undefined;
  else if (resolved.how === 'name') written = `/${strip(destination)}`;
  else {
    // A ref that would have to climb out of the page's folder is written from the content root instead.
    const relative = path.posix.relative(newDir, destination);
    written = relative.startsWith('../') ? `/${strip(destination)}` : strip(target.startsWith('./') ? `./${relative}` : relative);
  }
  if (written === target) return undefined;
  return `${written}${anchor === undefined ? '' : `#${anchor}`}`;
}

function splitAnchor(ref: string): [string, string | undefined] {
  const hash = ref.indexOf('#');
  return hash === -1 ? [ref, undefined] : [ref.slice(0, hash), ref.slice(hash + 1)];
}

function resolveRef(target: string, dir: string, { exists, uniqueByName }: RefNamespace): { path: string; how: 'relative' | 'absolute' | 'root' | 'name' } | undefined {
  const candidates = (base: string): string[] => (base.endsWith('.md') ? [base] : [`${base.replace(/\/$/, '')}.md`, `${base.replace(/\/$/, '')}/index.md`, `${base.replace(/\/$/, '')}/_index.md`]);
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
