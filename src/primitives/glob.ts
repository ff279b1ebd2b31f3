/**
 * Matches paths against globs: header rules and excludes (site paths), content-edit's `files`
 * (content paths). `**` (any number of whole segments), `*` (any characters within a segment),
 * `?` (one character), `[abc]`, `[a-z]`, `[!a]` (one character of a class), `{a,b}`
 * (alternatives, not nested) and `\` before a character to take it literally.
 *
 * A pattern without a slash matches the file name at any depth (`*.css`, `sitemap.xml`), as in
 * .gitignore; a pattern with a slash is anchored at the root (a leading `/` is optional).
 *
 * Written here rather than taken from a library: a glob comes from task files, and the usual
 * libraries (picomatch, minimatch) compile it to a backtracking regular expression, where
 * `*a*a*a*a*b` against a long name takes time that grows with the name's length to the power
 * of the stars. This matcher runs the pattern as a set of states over the name (a Thompson
 * simulation), so it takes time linear in the name for any pattern: at most (pattern length)
 * states per character.
 */
export function compileGlob(pattern: string): (filePath: string) => boolean {
  const trimmed = pattern.trim();
  if (trimmed === '') throw new Error('empty glob pattern');
  const anchored = trimmed.includes('/');
  const body = trimmed.replace(/^\/+/, '');
  const alternatives = expandBraces(body).map((alternative) => {
    const tokens = tokenize(alternative);
    return anchored ? tokens : [{ kind: 'segments' } as const, ...tokens];
  });
  return (filePath) => {
    const name = filePath.replace(/^\/+/, '');
    return alternatives.some((tokens) => matches(tokens, name));
  };
}

/** The most alternatives `{a,b}` groups may expand to: each one is matched on its own. */
const MAX_ALTERNATIVES = 256;

type Token =
  | { kind: 'char'; char: string }
  /** `?`, or a class: one character other than `/`. */
  | { kind: 'one'; test: (char: string) => boolean }
  /** `*`: any characters but `/`. */
  | { kind: 'star' }
  /** `**` followed by `/`: zero or more whole segments, each ending in `/`. */
  | { kind: 'segments' }
  /** `**` at the end: anything, `/` included. */
  | { kind: 'rest' };

function expandBraces(glob: string): string[] {
  let results = [''];
  for (let index = 0; index < glob.length; index++) {
    const ch = glob[index]!;
    if (ch === '\\' && index + 1 < glob.length) {
      results = results.map((result) => result + ch + glob[index + 1]);
      index++;
    } else if (ch === '{') {
      const close = glob.indexOf('}', index);
      if (close === -1) throw new Error(`unclosed '{' in glob pattern '${glob}'`);
      const options = glob.slice(index + 1, close).split(',');
      results = results.flatMap((result) => options.map((option) => result + option));
      if (results.length > MAX_ALTERNATIVES) throw new Error(`more than ${MAX_ALTERNATIVES} alternatives from '{…}' in glob pattern '${glob}'`);
      index = close;
    } else results = results.map((result) => result + ch);
  }
  return results;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < glob.length; index++) {
    const ch = glob[index]!;
    if (ch === '\\' && index + 1 < glob.length) {
      tokens.push({ kind: 'char', char: glob[++index]! });
    } else if (ch === '*' && glob[index + 1] === '*') {
      const atSegmentStart = index === 0 || glob[index - 1] === '/';
      const atSegmentEnd = index + 2 === glob.length || glob[index + 2] === '/';
      while (glob[index + 1] === '*') index++;
      if (atSegmentStart && atSegmentEnd) {
        if (glob[index + 1] === '/') {
          tokens.push({ kind: 'segments' });
          index++;
        } else tokens.push({ kind: 'rest' });
      } else tokens.push({ kind: 'star' });
    } else if (ch === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') tokens.push({ kind: 'one', test: (char) => char !== '/' });
    else if (ch === '[') {
      const parsed = parseClass(glob, index);
      if (parsed) {
        tokens.push({ kind: 'one', test: parsed.test });
        index = parsed.end;
      } else tokens.push({ kind: 'char', char: ch });
    } else tokens.push({ kind: 'char', char: ch });
  }
  return tokens;
}

/** `[abc]`, `[a-z0-9]`, `[!x]` or `[^x]` starting at `start`; undefined when unclosed (then `[` is literal). */
function parseClass(glob: string, start: number): { test: (char: string) => boolean; end: number } | undefined {
  let index = start + 1;
  const negated = glob[index] === '!' || glob[index] === '^';
  if (negated) index++;
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (; index < glob.length; index++) {
    let ch = glob[index]!;
    if (ch === ']' && !first) {
      return { test: (char) => char !== '/' && ranges.some(([low, high]) => char >= low && char <= high) !== negated, end: index };
    }
    first = false;
    if (ch === '\\' && index + 1 < glob.length) ch = glob[++index]!;
    if (glob[index + 1] === '-' && glob[index + 2] !== undefined && glob[index + 2] !== ']') {
      ranges.push([ch, glob[index + 2]!]);
      index += 2;
    } else ranges.push([ch, ch]);
  }
  return undefined;
}

/**
 * Runs the tokens over the name as a set of states. State 2i: before token i; state 2i+1: inside
 * a `segments` token's current segment. Each character moves every state at once.
 */
function matches(tokens: readonly Token[], name: string): boolean {
  const size = tokens.length * 2 + 2;
  let current = new Uint8Array(size);
  let next = new Uint8Array(size);
  const add = (set: Uint8Array, state: number): void => {
    if (set[state]) return;
    set[state] = 1;
    const token = tokens[state >> 1];
    // Stars and segments may match nothing: being before them is also being after them.
    if (state % 2 === 0 && token && (token.kind === 'star' || token.kind === 'segments' || token.kind === 'rest')) add(set, state + 2);
  };
  add(current, 0);
  for (const char of name) {
    next.fill(0);
    let any = false;
    for (let state = 0; state < size; state++) {
      if (!current[state]) continue;
      const token = tokens[state >> 1];
      if (!token) continue;
      if (state % 2 === 1) {
        // Inside a segment of `**/`: more of it, or its closing slash back to the segments' start.
        if (char === '/') add(next, state - 1);
        else add(next, state);
        any = true;
        continue;
      }
      switch (token.kind) {
        case 'char':
          if (token.char === char) (add(next, state + 2), (any = true));
          break;
        case 'one':
          if (token.test(char)) (add(next, state + 2), (any = true));
          break;
        case 'star':
          if (char !== '/') (add(next, state), (any = true));
          break;
        case 'segments':
          if (char !== '/') (add(next, state + 1), (any = true));
          break;
        case 'rest':
          add(next, state);
          any = true;
          break;
      }
    }
    if (!any) return false;
    [current, next] = [next, current];
  }
  return current[tokens.length * 2] === 1;
}
