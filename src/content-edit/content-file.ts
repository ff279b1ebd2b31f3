/**
 * A content file split into its parts, so that edits touch only the bytes they change: the byte
 * order mark, the front matter (its language and exact text), and the body. Joining the parts
 * gives back the file byte for byte.
 */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

export interface ContentFile {
  bom: string;
  /** The front matter's language, or undefined for a file without front matter. */
  format: FrontMatterFormat | undefined;
  /** The opening fence and its line ending (`---\n`, `+++\r\n`), empty for JSON and no front matter. */
  open: string;
  /** The front matter text between the fences (for JSON, the object itself). */
  front: string;
  /** The closing fence with its line ending (may lack one at end of file). */
  close: string;
  body: string;
  /** The file's line ending, used for lines an edit adds. */
  eol: '\n' | '\r\n';
}

export type DecodedContent = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Refuses what is not text: a NUL byte means binary; bytes that are not UTF-8 cannot be edited safely. */
export function decodeContent(bytes: Uint8Array): DecodedContent {
  if (bytes.includes(0)) return { ok: false, reason: 'a binary file (it holds NUL bytes)' };
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'a file that is not valid UTF-8 text' };
  }
}

export function splitContent(text: string): ContentFile {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const rest = text.slice(bom.length);
  // The first line's ending: where the front matter is, which is where lines are added.
  const eol = /^[^\n]*\r\n/.test(rest) ? '\r\n' : '\n';
  for (const [fence, format] of [['---', 'yaml'], ['+++', 'toml']] as const) {
    const opening = new RegExp(`^${escape(fence)}[ \\t]*(\\r?\\n)`).exec(rest);
    if (!opening) continue;
    const closing = new RegExp(`(^|\\n)${escape(fence)}[ \\t]*(\\r?\\n|$)`, 'g');
    closing.lastIndex = opening[0].length - 1;
    const found = closing.exec(rest);
    if (!found) break;
    const frontEnd = found.index + (found[1] ?? '').length;
    return {
      bom,
      format,
      open: opening[0],
      front: rest.slice(opening[0].length, frontEnd),
      close: rest.slice(frontEnd, found.index + found[0].length),
      body: rest.slice(found.index + found[0].length),
      eol,
    };
  }
  if (rest.startsWith('{')) {
    const end = jsonObjectEnd(rest);
    if (end !== undefined) {
      const lineEnd = /^[ \t]*\r?\n/.exec(rest.slice(end));
      const close = lineEnd ? lineEnd[0] : '';
      return { bom, format: 'json', open: '', front: rest.slice(0, end), close, body: rest.slice(end + close.length), eol };
    }
  }
  return { bom, format: undefined, open: '', front: '', close: '', body: rest, eol };
}

export function joinContent(file: ContentFile): string {
  return file.bom + file.open + file.front + file.close + file.body;
}

/** The 1-based line on which the front matter text starts (after BOM and opening fence). */
export function frontFirstLine(file: ContentFile): number {
  return file.open ? 2 : 1;
}

/** The end of a JSON object at the start of `text` (Hugo's JSON front matter), by brace depth outside strings. */
function jsonObjectEnd(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const ch = text[index];
    if (inString) {
      if (ch === '\\') index++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return index + 1;
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[+]/g, '\\+');
}
