import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath, type ParseError } from 'jsonc-parser';
import { isPlainMap, splice, unsupported, type EditText, type FieldPath, type FrontMatterEditor, type ParsedFrontMatter } from './front-matter-editor.js';

/**
 * JSON front matter, edited with jsonc-parser (the editor library behind VS Code's settings
 * files): it computes the smallest text edit for a change and keeps the rest of the text as is.
 */
export function parseJsonFrontMatter(text: string, eol: string): ParsedFrontMatter {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (thrown) {
    const errors: ParseError[] = [];
    parseTree(text, errors);
    const offset = errors[0]?.offset;
    const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
    return { ok: false, message: thrown instanceof Error ? thrown.message : 'invalid JSON', ...(line ? { line } : {}) };
  }
  if (!isPlainMap(data)) return { ok: false, message: 'front matter that is a JSON object' };
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const formatting: FormattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol };
  return { ok: true, editor: new JsonEditor(text, data, formatting) };
}

class JsonEditor implements FrontMatterEditor {
  constructor(
    private readonly text: string,
    readonly data: Record<string, unknown>,
    private readonly formatting: FormattingOptions,
  ) {}

  replaceValue(path: FieldPath, value: unknown): EditText {
    return this.modify([...path], value);
  }

  insertField(path: FieldPath, value: unknown): EditText {
    return this.modify([...path], value);
  }

  removeField(path: FieldPath): EditText {
    return this.modify([...path], undefined);
  }

  renameField(path: FieldPath, to: string): EditText {
    const property = findNodeAtLocation(parseTree(this.text)!, [...path])?.parent;
    const key = property?.children?.[0];
    if (!key) return unsupported(`a field ${path.join('.')}`);
    return { ok: true, text: splice(this.text, key.offset, key.offset + key.length, JSON.stringify(to)) };
  }

  /** Spliced after the last item, as written, so a one-line list stays on one line. */
  appendItem(path: FieldPath, value: unknown): EditText {
    const array = findNodeAtLocation(parseTree(this.text)!, [...path]);
    if (array?.type !== 'array') return unsupported(`a list at ${path.join('.')}`);
    const last = array.children?.[array.children.length - 1];
    if (last) return { ok: true, text: splice(this.text, last.offset + last.length, last.offset + last.length, `, ${JSON.stringify(value)}`) };
    const close = array.offset + array.length - 1;
    return { ok: true, text: splice(this.text, close, close, JSON.stringify(value)) };
  }

  removeItem(path: FieldPath, index: number): EditText {
    const array = findNodeAtLocation(parseTree(this.text)!, [...path]);
    const items = array?.type === 'array' ? (array.children ?? []) : [];
    const item = items[index];
    if (!item) return unsupported(`an item ${index} in ${path.join('.')}`);
    const next = items[index + 1];
    const previous = items[index - 1];
    if (next) return { ok: true, text: splice(this.text, item.offset, next.offset, '') };
    return { ok: true, text: splice(this.text, previous ? previous.offset + previous.length : item.offset, item.offset + item.length, '') };
  }

  private modify(path: JSONPath, value: unknown): EditText {
    try {
      const edits = modify(this.text, path, value, { formattingOptions: this.formatting });
      return { ok: true, text: applyEdits(this.text, edits) };
    } catch (thrown) {
      return unsupported(thrown instanceof Error ? thrown.message : String(thrown));
    }
  }
}
