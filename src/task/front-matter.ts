import { LineCounter, parseDocument, type Document, YAMLError } from 'yaml';
import type { Problem } from '../validation/problem.js';

/** A markdown file split into its front matter (parsed, with positions kept) and its body. */
export interface FrontMatterFile {
  data: Record<string, unknown>;
  body: string;
  /** The YAML document, for locating fields in error messages. */
  doc: Document;
  lineCounter: LineCounter;
}

/** Task front matter has no use for aliases; a small limit stops an alias bomb early. */
const MAX_ALIAS_COUNT = 50;

export type FrontMatterResult = { ok: true; file: FrontMatterFile } | { ok: false; problems: Problem[] };

/**
 * Splits and parses a markdown file with YAML front matter.
 *
 * The `yaml` package parses it, so errors carry line and column, and duplicate keys and tab
 * indentation are errors. Only a bare `---` opens a front matter block (other fences, such as
 * `---js`, name other languages), and it must be closed. A UTF-8 byte order mark and CRLF line
 * endings are accepted; line numbers are the file's own.
 */
export function parseFrontMatter(text: string, file: string): FrontMatterResult {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fail = (problem: Omit<Problem, 'file'>): FrontMatterResult => ({
    ok: false,
    problems: [{ file, ...problem }],
  });

  const lines = normalised.split('\n');
  const opening = lines[0] ?? '';
  if (normalised.trim() === '') {
    return fail({ line: 1, field: '(front matter)', expected: "a front matter block opened by '---'", found: 'an empty file' });
  }
  if (!opening.startsWith('---')) {
    return fail({
      line: 1,
      column: 1,
      field: '(front matter)',
      expected: "the file to start with a front matter block opened by a line '---'",
      found: `"${opening.slice(0, 40)}"`,
      hint: 'task files are markdown with YAML front matter: start with ---, the fields, then ---',
    });
  }
  if (opening.trimEnd() !== '---') {
    return fail({
      line: 1,
      column: 4,
      field: '(front matter)',
      expected: "a plain '---' fence (YAML front matter)",
      found: `"${opening.slice(0, 40)}"`,
      hint: 'other front matter languages are not accepted',
    });
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trimEnd() === '---');
  if (closing === -1) {
    return fail({
      line: 1,
      column: 1,
      field: '(front matter)',
      expected: "a line '---' closing the front matter opened here",
      found: 'the end of the file',
    });
  }

  const { matter, body } = splitAtFence(normalised);
  const lineCounter = new LineCounter();
  // The text after the opening '---', starting with the rest of line 1, so the YAML's line numbers
  // are the file's line numbers. A block of nothing but blanks and comments is no front matter.
  const doc = matter.replace(/^\s*#[^\n]+/gm, '').trim() === '' ? undefined : parseDocument(matter, { uniqueKeys: true, prettyErrors: true, lineCounter, strict: true });
  const yamlError: YAMLError | undefined = doc?.errors[0];

  if (yamlError || !doc) {
    const position = yamlError?.linePos?.[0];
    return fail({
      line: position?.line,
      column: position?.col,
      field: '(front matter)',
      expected: 'valid YAML',
      found: yamlError ? describeYamlError(yamlError) : 'no front matter',
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws (rather than reporting) when aliases would expand past the limit: an alias bomb.
    return fail({ line: 1, field: '(front matter)', expected: `YAML with at most ${MAX_ALIAS_COUNT} alias expansions`, found: (error as Error).message });
  }
  if (data === null || data === undefined) {
    return fail({ line: 1, field: '(front matter)', expected: 'a mapping of task fields', found: 'an empty front matter block' });
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    const contentStart = doc.contents?.range?.[0];
    const position = contentStart === undefined ? undefined : lineCounter.linePos(contentStart);
    return fail({
      line: position?.line ?? 2,
      column: position?.col ?? 1,
      field: '(front matter)',
      expected: 'a mapping of task fields (key: value lines)',
      found: Array.isArray(data) ? 'a list' : `a single ${typeof data} value`,
    });
  }
  return { ok: true, file: { data: data as Record<string, unknown>, body, doc, lineCounter } };
}

/**
 * The front matter and the body of a file whose first line is a bare '---' and which has a closing
 * '---' line, split as gray-matter split them (no longer loaded: with its js-yaml and esprima it
 * was a third of what a run loads, for a split): the front matter ends at the first line that
 * starts with '---', and the body starts on the line after that one.
 */
function splitAtFence(normalised: string): { matter: string; body: string } {
  const rest = normalised.slice('---'.length);
  const close = rest.indexOf('\n---');
  const body = rest.slice(close + '\n---'.length);
  return { matter: rest.slice(0, close), body: body.startsWith('\n') ? body.slice(1) : body };
}

function describeYamlError(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  const reason = first.replace(/ at line \d+, column \d+:?$/, '');
  const friendly: Record<string, string> = {
    DUPLICATE_KEY: 'a duplicate key',
    TAB_AS_INDENT: 'a tab used for indentation (use spaces)',
  };
  return friendly[error.code] ? `${friendly[error.code]}: ${reason}` : reason;
}
