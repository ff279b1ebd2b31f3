import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isPlainMap, lineEndAfter, lineStartOf, splice, unsupported, type EditText, type FieldPath, type FrontMatterEditor, type ParsedFrontMatter } from './front-matter-editor.js';

/** Front matter has no need for many aliases; a small limit stops an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/**
 * YAML front matter edited by splicing the source ranges the `yaml` parser reports: only the
 * bytes of the field that changes are rewritten, so comments, key order, quoting and line endings
 * elsewhere stay as they were. Inserted lines take the file's line ending and the map's indent.
 */
export function parseYamlFrontMatter(text: string, eol: string): ParsedFrontMatter {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    const message = (error.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, message, ...(position ? { line: position.line, column: position.col } : {}) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (thrown) {
    return { ok: false, message: thrown instanceof Error ? thrown.message : String(thrown) };
  }
  if (!isPlainMap(data)) return { ok: false, message: 'front matter that is a mapping of fields' };
  return { ok: true, editor: new YamlEditor(text, doc, data, eol) };
}

class YamlEditor implements FrontMatterEditor {
  constructor(
    private readonly text: string,
    private readonly doc: Document,
    readonly data: Record<string, unknown>,
    private readonly eol: string,
  ) {}

  replaceValue(path: FieldPath, value: unknown): EditText {
    const pair = this.pairAt(path);
    if (!pair) return unsupported(`no field ${path.join('.')}`);
    const node = pair.value as Node | null;
    const key = pair.key as Node;
    const keyEnd = key.range?.[1] ?? 0;
    if (!node || !node.range) return { ok: true, text: splice(this.text, keyEnd, keyEnd + 1, `: ${this.inline(value, undefined)}`) };
    const [start, end] = node.range;
    if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
      return { ok: true, text: splice(this.text, keyEnd, trimEol(this.text, end), `: ${this.inline(value, undefined)}`) };
    }
    if (isScalar(node) || (isCollection(node) && node.flow)) {
      const replacement = start === end ? ` ${this.inline(value, undefined)}` : this.inline(value, isScalar(node) ? node.type : undefined);
      return { ok: true, text: splice(this.text, start, end, replacement) };
    }
    // A block collection replaced: from the colon to the end of its last line.
    return { ok: true, text: splice(this.text, keyEnd, trimEol(this.text, end), `: ${this.inline(value, undefined)}`) };
  }

  insertField(path: FieldPath, value: unknown): EditText {
    let depth = path.length - 1;
    while (depth > 0 && !this.mapAt(path.slice(0, depth))) depth--;
    const map = depth === 0 ? this.rootMap() : this.mapAt(path.slice(0, depth));
    if (map === undefined && depth > 0) return unsupported(`no mapping at ${path.slice(0, depth).join('.')}`);
    let nested: unknown = value;
    for (let index = path.length - 1; index > depth; index--) nested = { [path[index] as string]: nested };
    const key = path[depth] as string;
    if (map && map.flow) return unsupported(`${path.slice(0, depth).join('.') || 'the front matter'} as a block mapping (a flow mapping { } is not extended)`);
    const block = quoteAmbiguousStrings(new Document({ [key]: nested })).toString({ lineWidth: 0, indent: 2 }).replace(/\n$/, '');
    if (!map || map.items.length === 0) {
      if (depth > 0) return unsupported(`a non-empty mapping at ${path.slice(0, depth).join('.')}`);
      const at = this.text.length;
      const before = at > 0 && !this.text.endsWith('\n') ? this.eol : '';
      return { ok: true, text: splice(this.text, at, at, before + block.split('\n').join(this.eol) + this.eol) };
    }
    const first = map.items[0]?.key as Node;
    const firstStart = first.range?.[0] ?? 0;
    const indent = ' '.repeat(firstStart - lineStartOf(this.text, firstStart));
    const last = map.items[map.items.length - 1] as Pair;
    const lastEnd = endOfPair(last);
    const at = lineEndAfter(this.text, lastEnd);
    const before = this.text[at - 1] === '\n' ? '' : this.eol;
    const lines = block.split('\n').map((line) => indent + line);
    return { ok: true, text: splice(this.text, at, at, before + lines.join(this.eol) + this.eol) };
  }

  removeField(path: FieldPath): EditText {
    const pair = this.pairAt(path);
    if (!pair) return unsupported(`no field ${path.join('.')}`);
    const parent = path.length === 1 ? this.rootMap() : this.mapAt(path.slice(0, -1));
    if (!parent) return unsupported(`no mapping at ${path.slice(0, -1).join('.')}`);
    if (parent.flow) return unsupported(`${path.slice(0, -1).join('.')} as a block mapping (a flow mapping { } is rewritten only as a whole)`);
    if (parent.items.length === 1 && path.length > 1) return this.replaceValue(path.slice(0, -1), {});
    const keyStart = (pair.key as Node).range?.[0] ?? 0;
    const start = lineStartOf(this.text, keyStart);
    const end = lineEndAfter(this.text, endOfPair(pair));
    return { ok: true, text: splice(this.text, start, end, '') };
  }

  renameField(path: FieldPath, to: string): EditText {
    const pair = this.pairAt(path);
    if (!pair) return unsupported(`no field ${path.join('.')}`);
    const key = pair.key as Node;
    const [start, end] = key.range ?? [0, 0];
    return { ok: true, text: splice(this.text, start, end, this.inline(to, isScalar(key) ? key.type : undefined)) };
  }

  appendItem(path: FieldPath, value: unknown): EditText {
    const seq = this.pairAt(path)?.value;
    if (!isSeq(seq) || !seq.range) return unsupported(`a list at ${path.join('.')}`);
    const items = seq.items as Node[];
    const last = items[items.length - 1];
    if (seq.flow) {
      if (!last?.range) {
        const close = this.text.lastIndexOf(']', seq.range[1]);
        return { ok: true, text: splice(this.text, close, close, this.inline(value, undefined)) };
      }
      return { ok: true, text: splice(this.text, last.range[1], last.range[1], `, ${this.inline(value, styleOf(last))}`) };
    }
    if (!last?.range) return this.replaceValue(path, [value]);
    const lineStart = lineStartOf(this.text, last.range[0]);
    const prefix = this.text.slice(lineStart, last.range[0]);
    if (!/^\s*-\s+$/.test(prefix)) return unsupported(`a list at ${path.join('.')} whose items are each on a line of their own`);
    const at = lineEndAfter(this.text, last.range[2]);
    const before = this.text[at - 1] === '\n' ? '' : this.eol;
    return { ok: true, text: splice(this.text, at, at, `${before}${prefix}${this.inline(value, styleOf(last))}${this.eol}`) };
  }

  removeItem(path: FieldPath, index: number): EditText {
    const seq = this.pairAt(path)?.value;
    if (!isSeq(seq) || !seq.range) return unsupported(`a list at ${path.join('.')}`);
    const items = seq.items as Node[];
    const item = items[index];
    if (!item?.range) return unsupported(`an item ${index} in ${path.join('.')}`);
    if (items.length === 1) return this.replaceValue(path, []);
    if (seq.flow) {
      const next = items[index + 1];
      const previous = items[index - 1];
      if (next?.range) return { ok: true, text: splice(this.text, item.range[0], next.range[0], '') };
      return { ok: true, text: splice(this.text, previous?.range?.[1] ?? item.range[0], item.range[1], '') };
    }
    const start = lineStartOf(this.text, item.range[0]);
    return { ok: true, text: splice(this.text, start, lineEndAfter(this.text, item.range[2]), '') };
  }

  private rootMap(): YAMLMap | undefined {
    return isMap(this.doc.contents) ? this.doc.contents : undefined;
  }

  private pairAt(path: FieldPath): Pair | undefined {
    let map = this.rootMap();
    let pair: Pair | undefined;
    for (const [index, key] of path.entries()) {
      if (!map) return undefined;
      pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (!pair) return undefined;
      if (index < path.length - 1) map = isMap(pair.value) ? pair.value : undefined;
    }
    return pair;
  }

  private mapAt(path: FieldPath): YAMLMap | undefined {
    const value = this.pairAt(path)?.value;
    return isMap(value) ? value : undefined;
  }

  /** A value written on one line, in the quoting style of the scalar it replaces where given. */
  private inline(value: unknown, style: string | undefined): string {
    const defaultStringType = style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE' ? style : 'PLAIN';
    const doc = new Document(value);
    if (defaultStringType === 'PLAIN') quoteAmbiguousStrings(doc);
    return doc.toString({ lineWidth: 0, collectionStyle: 'flow', defaultStringType, defaultKeyType: 'PLAIN' }).replace(/\n$/, '');
  }
}

/**
 * Quotes every string that a YAML reader could take for another type written bare: `yes`, `on`,
 * `y`, `~`, `1e3`, `0x1F`, `1:20`, `2024-01-02`. hugo 0.111 reads front matter as YAML 1.1
 * (`yes` is true, `1:20` is 80), current hugo as YAML 1.2 (`yes` is a string, `0o17` is 15):
 * a string is written plain only when both read it back as that same string.
 */
function quoteAmbiguousStrings(doc: Document): Document {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && (node.type === undefined || node.type === 'PLAIN') && !readsBackAsString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc;
}

/** Whether a string written bare reads back as itself; one that does not parse bare at all is quoted by the writer anyway. */
function readsBackAsString(text: string): boolean {
  // Plain words and phrases (most values) are strings to every reader but for the YAML 1.1 words below.
  if (/^[A-Za-z][A-Za-z ]*[A-Za-z]$/.test(text) && !YAML_11_WORDS.has(text.toLowerCase())) return true;
  for (const version of ['1.1', '1.2'] as const) {
    const read = parseDocument(text, { version });
    if (read.errors.length === 0 && read.toJS() !== text) return false;
  }
  return true;
}

/** Words YAML 1.1 or 1.2 reads as a boolean or null (in any case, to be safe), or a float (.inf and .nan start with a dot). */
const YAML_11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

function isCollection(node: Node): node is YAMLMap | YAMLSeq {
  return isMap(node) || isSeq(node);
}

function styleOf(node: Node): string | undefined {
  return isScalar(node) ? node.type : undefined;
}

function endOfPair(pair: Pair): number {
  const value = pair.value as Node | null;
  return value?.range?.[2] ?? (pair.key as Node).range?.[2] ?? 0;
}

function trimEol(text: string, end: number): number {
  let at = end;
  while (at > 0 && (text[at - 1] === '\n' || text[at - 1] === '\r')) at--;
  return at;
}
