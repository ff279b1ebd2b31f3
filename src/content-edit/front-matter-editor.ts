/**
 * What each front matter language (YAML, TOML, JSON) provides to the field operations: its data,
 * and edits that splice only the bytes that change. The operations' meaning (when an edit is a
 * no-op, when a path is wrong) lives in field-edits.ts, once for all three languages.
 */
export type FieldPath = readonly string[];

export type EditText = { ok: true; text: string } | { ok: false; message: string };

export interface FrontMatterEditor {
  readonly data: Record<string, unknown>;
  /** Replaces the value of an existing field. */
  replaceValue(path: FieldPath, value: unknown): EditText;
  /** Adds a field that does not exist; missing maps on the way are created. */
  insertField(path: FieldPath, value: unknown): EditText;
  removeField(path: FieldPath): EditText;
  renameField(path: FieldPath, to: string): EditText;
  /** Adds an item at the end of an existing list. */
  appendItem(path: FieldPath, value: unknown): EditText;
  /** Removes one item of an existing list. */
  removeItem(path: FieldPath, index: number): EditText;
}

export type ParsedFrontMatter = { ok: true; editor: FrontMatterEditor } | { ok: false; message: string; line?: number; column?: number };

/** Splices `replacement` over [start, end) of `text`. */
export function splice(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

export function lineStartOf(text: string, position: number): number {
  return text.lastIndexOf('\n', position - 1) + 1;
}

/** The position just after the line break that ends the line holding `position - 1` (a range end). */
export function lineEndAfter(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function unsupported(message: string): EditText {
  return { ok: false, message };
}
