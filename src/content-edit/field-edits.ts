import { isDeepStrictEqual } from 'node:util';
import type { FrontMatterFormat } from './content-file.js';
import { isPlainMap, type FieldPath, type FrontMatterEditor, type ParsedFrontMatter } from './front-matter-editor.js';
import { parseJsonFrontMatter } from './json-front-matter.js';
import type { FieldOperation } from './operations.js';
import { parseTomlFrontMatter } from './toml-front-matter.js';
import { parseYamlFrontMatter } from './yaml-front-matter.js';

export function parseFront(format: FrontMatterFormat, text: string, eol: string): ParsedFrontMatter {
  switch (format) {
    case 'yaml':
      return parseYamlFrontMatter(text, eol);
    case 'toml':
      return parseTomlFrontMatter(text, eol);
    case 'json':
      return parseJsonFrontMatter(text, eol);
  }
}

export type FieldEditOutcome =
  | { kind: 'unchanged' }
  | { kind: 'changed'; text: string; data: Record<string, unknown>; editor: FrontMatterEditor }
  | { kind: 'error'; field: string; message: string };

/** The value at a field path, or why the path cannot be followed (through a value that is not a map). */
export function readField(data: Record<string, unknown>, path: FieldPath): { ok: true; value: unknown; parentExists: boolean } | { ok: false; field: string; message: string } {
  let current: unknown = data;
  for (const [index, key] of path.entries()) {
    if (current === undefined) return { ok: true, value: undefined, parentExists: false };
    if (!isPlainMap(current)) {
      const through = path.slice(0, index).join('.');
      return { ok: false, field: through, message: `expected ${through} to be a map (the path ${path.join('.')} goes through it); found ${describe(current)}` };
    }
    current = Object.hasOwn(current, key) ? current[key] : undefined;
  }
  return { ok: true, value: current, parentExists: true };
}

/**
 * Applies one field operation to one front matter: decides what it means (a no-op, an error, an
 * edit), asks the language's editor for the splice, then parses the result and checks it holds
 * exactly the data the operation should give. A splice that would say anything else is refused,
 * so a corner the editor does not handle is an error, never a wrong file.
 */
export function applyFieldOperation(format: FrontMatterFormat, editor: FrontMatterEditor, operation: FieldOperation, eol: string): FieldEditOutcome {
  const path = operation.field.split('.');
  const field = operation.field;
  const read = readField(editor.data, path);
  if (!read.ok) return { kind: 'error', field: read.field, message: read.message };
  const expected = structuredClone(editor.data);
  const parentOf = (data: Record<string, unknown>): Record<string, unknown> => {
    let map = data;
    for (const key of path.slice(0, -1)) {
      if (!isPlainMap(map[key])) map[key] = {};
      map = map[key] as Record<string, unknown>;
    }
    return map;
  };
  const last = path[path.length - 1] as string;
  let edited;
  switch (operation.op) {
    case 'set': {
      if (read.value !== undefined && isDeepStrictEqual(read.value, operation.value)) return { kind: 'unchanged' };
      parentOf(expected)[last] = operation.value;
      edited = hasKey(editor.data, path) ? editor.replaceValue(path, operation.value) : editor.insertField(path, operation.value);
      break;
    }
    case 'remove': {
      if (read.value === undefined && !(read.parentExists && hasKey(editor.data, path))) return { kind: 'unchanged' };
      delete parentOf(expected)[last];
      edited = editor.removeField(path);
      break;
    }
    case 'rename': {
      if (!hasKey(editor.data, path)) return { kind: 'unchanged' };
      const parent = parentOf(expected);
      if (Object.hasOwn(parent, operation.to)) return { kind: 'error', field, message: `expected no field ${[...path.slice(0, -1), operation.to].join('.')} (the new name); found one already` };
      const renamed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(parent)) renamed[key === last ? operation.to : key] = value;
      for (const key of Object.keys(parent)) delete parent[key];
      Object.assign(parent, renamed);
      edited = editor.renameField(path, operation.to);
      break;
    }
    case 'add_to_list': {
      if (read.value !== undefined && read.value !== null && !Array.isArray(read.value)) return { kind: 'error', field, message: `expected ${field} to be a list; found ${describe(read.value)}` };
      const list = Array.isArray(read.value) ? read.value : undefined;
      if (list?.some((item) => isDeepStrictEqual(item, operation.value))) return { kind: 'unchanged' };
      parentOf(expected)[last] = [...(list ?? []), operation.value];
      edited = list ? editor.appendItem(path, operation.value) : read.value === null ? editor.replaceValue(path, [operation.value]) : editor.insertField(path, [operation.value]);
      break;
    }
    case 'remove_from_list': {
      if (read.value === undefined || read.value === null) return { kind: 'unchanged' };
      if (!Array.isArray(read.value)) return { kind: 'error', field, message: `expected ${field} to be a list; found ${describe(read.value)}` };
      const index = read.value.findLastIndex((item) => isDeepStrictEqual(item, operation.value));
      if (index === -1) return { kind: 'unchanged' };
      parentOf(expected)[last] = read.value.filter((item) => !isDeepStrictEqual(item, operation.value));
      // One item at a time, re-parsed between, so each splice works on true ranges.
      let current = editor;
      let text = '';
      for (let at = index; at >= 0; at = (readField(current.data, path) as { value: unknown[] }).value.findLastIndex((item) => isDeepStrictEqual(item, operation.value))) {
        const step = current.removeItem(path, at);
        if (!step.ok) return { kind: 'error', field, message: `cannot remove from ${field}: expected ${step.message}` };
        text = step.text;
        const reparsed = parseFront(format, text, eol);
        if (!reparsed.ok) return { kind: 'error', field, message: `removing from ${field} would leave front matter that does not parse (${reparsed.message})` };
        current = reparsed.editor;
      }
      edited = { ok: true as const, text };
      break;
    }
  }
  if (!edited.ok) return { kind: 'error', field, message: `cannot ${operation.op} ${field}: expected ${edited.message}` };
  const reparsed = parseFront(format, edited.text, eol);
  if (!reparsed.ok) return { kind: 'error', field, message: `the edit of ${field} would leave front matter that does not parse (${reparsed.message}); nothing was written` };
  if (!sameData(reparsed.editor.data, expected)) {
    return { kind: 'error', field, message: `the edit of ${field} could not be made without changing other fields (an unusual layout here); nothing was written` };
  }
  return { kind: 'changed', text: edited.text, data: reparsed.editor.data, editor: reparsed.editor };
}

function hasKey(data: Record<string, unknown>, path: FieldPath): boolean {
  const parent = readField(data, path.slice(0, -1));
  return parent.ok && isPlainMap(parent.value) && Object.hasOwn(parent.value, path[path.length - 1] as string);
}

/** Data equal as the site sees it; TOML dates compare by their instant. */
function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(normalise(a), normalise(b));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (Array.isArray(value)) return value.map(normalise);
  if (isPlainMap(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  return `a ${typeof value} (${JSON.stringify(value)?.slice(0, 40)})`;
}
