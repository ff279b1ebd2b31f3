import { getStaticTOMLValue, ParseError, parseTOML, type AST } from 'toml-eslint-parser';
import { isPlainMap, lineEndAfter, lineStartOf, splice, unsupported, type EditText, type FieldPath, type FrontMatterEditor, type ParsedFrontMatter } from './front-matter-editor.js';

/**
 * TOML (`+++`) front matter, edited by splicing the source ranges toml-eslint-parser reports (a
 * maintained parser that keeps every node's range, made for linting TOML). Fields are found
 * through top-level keys, `[table]` sections, dotted keys and inline tables; new fields are
 * added as dotted keys in the deepest section that exists, which is valid TOML wherever it lands.
 */
export function parseTomlFrontMatter(text: string, eol: string): ParsedFrontMatter {
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (thrown) {
    if (thrown instanceof ParseError) return { ok: false, message: thrown.message, line: thrown.lineNumber, column: thrown.column };
    return { ok: false, message: thrown instanceof Error ? thrown.message : String(thrown) };
  }
  const data = getStaticTOMLValue(program) as unknown;
  if (!isPlainMap(data)) return { ok: false, message: 'front matter that is a table of fields' };
  return { ok: true, editor: new TomlEditor(text, program.body[0], data, eol) };
}

type Found = { kind: 'value'; keyValue: AST.TOMLKeyValue; inline: boolean } | { kind: 'table'; table: AST.TOMLTable };

class TomlEditor implements FrontMatterEditor {
  constructor(
    private readonly text: string,
    private readonly top: AST.TOMLTopLevelTable,
    readonly data: Record<string, unknown>,
    private readonly eol: string,
  ) {}

  replaceValue(path: FieldPath, value: unknown): EditText {
    const found = this.find(path);
    if (found?.kind !== 'value') return unsupported(`${path.join('.')} as a key = value line (a [table] is replaced by editing its fields)`);
    const written = tomlValue(value);
    if (!written.ok) return written;
    const [start, end] = found.keyValue.value.range;
    return { ok: true, text: splice(this.text, start, end, written.text) };
  }

  insertField(path: FieldPath, value: unknown): EditText {
    const written = tomlValue(value);
    if (!written.ok) return written;
    const sections = this.top.body.filter((node): node is AST.TOMLTable => node.type === 'TOMLTable' && node.kind === 'standard');
    let section: AST.TOMLTable | undefined;
    for (const table of sections) {
      const key = table.resolvedKey.map(String);
      if (key.length < path.length && key.every((part, index) => part === path[index]) && (!section || key.length > section.resolvedKey.length)) section = table;
    }
    const rest = path.slice(section ? section.resolvedKey.length : 0);
    const line = `${rest.map(tomlKey).join('.')} = ${written.text}`;
    const entries = section ? section.body : this.top.body.filter((node): node is AST.TOMLKeyValue => node.type === 'TOMLKeyValue');
    const last = entries[entries.length - 1];
    let at: number;
    if (last) at = lineEndAfter(this.text, last.range[1]);
    else if (section) at = lineEndAfter(this.text, section.key.range[1]);
    else at = 0;
    const before = at > 0 && this.text[at - 1] !== '\n' ? this.eol : '';
    return { ok: true, text: splice(this.text, at, at, before + line + this.eol) };
  }

  removeField(path: FieldPath): EditText {
    const found = this.find(path);
    if (!found) return unsupported(`a field ${path.join('.')}`);
    if (found.kind === 'value' && found.inline) return unsupported(`${path.join('.')} outside an inline table { } (an inline table is rewritten only as a whole)`);
    const node = found.kind === 'value' ? found.keyValue : found.table;
    return { ok: true, text: splice(this.text, lineStartOf(this.text, node.range[0]), lineEndAfter(this.text, node.range[1]), '') };
  }

  renameField(path: FieldPath, to: string): EditText {
    const found = this.find(path);
    if (found?.kind !== 'value') return unsupported(`${path.join('.')} as a key = value line`);
    const keys = found.keyValue.key.keys;
    const last = keys[keys.length - 1];
    if (!last) return unsupported(`a key at ${path.join('.')}`);
    return { ok: true, text: splice(this.text, last.range[0], last.range[1], tomlKey(to)) };
  }

  appendItem(path: FieldPath, value: unknown): EditText {
    const found = this.find(path);
    const array = found?.kind === 'value' ? found.keyValue.value : undefined;
    if (array?.type !== 'TOMLArray') return unsupported(`a list at ${path.join('.')}`);
    const written = tomlValue(value);
    if (!written.ok) return written;
    const last = array.elements[array.elements.length - 1];
    if (last) return { ok: true, text: splice(this.text, last.range[1], last.range[1], `, ${written.text}`) };
    const close = array.range[1] - 1;
    return { ok: true, text: splice(this.text, close, close, written.text) };
  }

  removeItem(path: FieldPath, index: number): EditText {
    const found = this.find(path);
    const array = found?.kind === 'value' ? found.keyValue.value : undefined;
    if (array?.type !== 'TOMLArray') return unsupported(`a list at ${path.join('.')}`);
    const item = array.elements[index];
    if (!item) return unsupported(`an item ${index} in ${path.join('.')}`);
    const next = array.elements[index + 1];
    const previous = array.elements[index - 1];
    if (next) return { ok: true, text: splice(this.text, item.range[0], next.range[0], '') };
    return { ok: true, text: splice(this.text, previous ? previous.range[1] : item.range[0], item.range[1], '') };
  }

  private find(path: FieldPath): Found | undefined {
    for (const node of this.top.body) {
      if (node.type === 'TOMLKeyValue') {
        const hit = findIn(node, [], path, false);
        if (hit) return hit;
        continue;
      }
      if (node.kind !== 'standard') continue;
      const tableKey = node.resolvedKey.map(String);
      if (samePath(tableKey, path)) return { kind: 'table', table: node };
      if (!isPrefix(tableKey, path)) continue;
      for (const keyValue of node.body) {
        const hit = findIn(keyValue, tableKey, path, false);
        if (hit) return hit;
      }
    }
    return undefined;
  }
}

function findIn(keyValue: AST.TOMLKeyValue, prefix: readonly string[], path: FieldPath, inline: boolean): Found | undefined {
  const full = [...prefix, ...keyValue.key.keys.map(keyName)];
  if (samePath(full, path)) return { kind: 'value', keyValue, inline };
  if (keyValue.value.type === 'TOMLInlineTable' && isPrefix(full, path)) {
    for (const inner of keyValue.value.body) {
      const hit = findIn(inner, full, path, true);
      if (hit) return hit;
    }
  }
  return undefined;
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length < path.length && prefix.every((part, index) => part === path[index]);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** A value in TOML's inline syntax. JSON's string escapes are all valid in TOML basic strings. */
function tomlValue(value: unknown): EditText {
  if (typeof value === 'string') return { ok: true, text: JSON.stringify(value) };
  if (typeof value === 'boolean') return { ok: true, text: String(value) };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return unsupported('a finite number');
    return { ok: true, text: Number.isInteger(value) ? String(value) : String(value).replace(/^(-?\d+)$/, '$1.0') };
  }
  if (value === null || value === undefined) return unsupported('a value TOML can hold (TOML has no null)');
  if (Array.isArray(value)) {
    const items = value.map(tomlValue);
    const bad = items.find((item) => !item.ok);
    if (bad) return bad;
    return { ok: true, text: `[${items.map((item) => (item.ok ? item.text : '')).join(', ')}]` };
  }
  if (isPlainMap(value)) {
    const entries = Object.entries(value).map(([key, inner]) => [key, tomlValue(inner)] as const);
    const bad = entries.find(([, inner]) => !inner.ok);
    if (bad) return bad[1];
    return { ok: true, text: entries.length ? `{ ${entries.map(([key, inner]) => `${tomlKey(key)} = ${inner.ok ? inner.text : ''}`).join(', ')} }` : '{}' };
  }
  return unsupported('a string, number, boolean, list or map');
}
