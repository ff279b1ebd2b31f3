/**
 * Matches site paths against the small glob subset that header rules and excludes use:
 * `**` (any number of whole segments), `*` (any characters within a segment), `?` (one
 * character), and `{a,b}` (alternatives, not nested). Written here rather than taken from a
 * dependency because this fixed subset is a few lines, and its exact meaning is part of the
 * task file format, so it must not change with a library's version.
 *
 * A pattern without a slash matches the file name at any depth (`*.css`, `sitemap.xml`), as in
 * .gitignore; a pattern with a slash is anchored at the site root (a leading `/` is optional).
 */
export function compileGlob(pattern: string): (filePath: string) => boolean {
  const trimmed = pattern.trim();
  if (trimmed === '') throw new Error('empty glob pattern');
  const anchored = trimmed.includes('/');
  const body = trimmed.replace(/^\/+/, '');
  const source = anchored ? `^${translate(body)}$` : `^(?:.*/)?${translate(body)}$`;
  const regex = new RegExp(source, 'u');
  return (filePath) => regex.test(filePath.replace(/^\/+/, ''));
}

function translate(glob: string): string {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      const atSegmentEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (atSegmentStart && atSegmentEnd) {
        if (glob[i + 2] === '/') {
          out += '(?:[^/]+/)*';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
        continue;
      }
      out += '[^/]*';
      i += 1;
      continue;
    }
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{' && !inBraces) {
      inBraces = true;
      out += '(?:';
    } else if (ch === '}' && inBraces) {
      inBraces = false;
      out += ')';
    } else if (ch === ',' && inBraces) out += '|';
    else out += ch.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  if (inBraces) throw new Error(`unclosed '{' in glob pattern '${glob}'`);
  return out;
}
