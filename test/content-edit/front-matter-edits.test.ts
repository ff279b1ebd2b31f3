import { describe, expect, it } from 'vitest';
import { joinContent, splitContent } from '../../src/content-edit/content-file.js';
import { applyFieldOperation, parseFront } from '../../src/content-edit/field-edits.js';
import type { FieldOperation } from '../../src/content-edit/operations.js';

/** Applies operations in order to a whole file's text, as the planner does. */
function edit(text: string, ...operations: FieldOperation[]): string {
  const file = splitContent(text);
  for (const operation of operations) {
    const parsed = parseFront(file.format!, file.front, file.eol);
    if (!parsed.ok) throw new Error(parsed.message);
    const outcome = applyFieldOperation(file.format!, parsed.editor, operation, file.eol);
    if (outcome.kind === 'error') throw new Error(`${outcome.field}: ${outcome.message}`);
    if (outcome.kind === 'changed') file.front = outcome.text;
  }
  return joinContent(file);
}

function editError(text: string, operation: FieldOperation): string {
  const file = splitContent(text);
  const parsed = parseFront(file.format!, file.front, file.eol);
  if (!parsed.ok) return parsed.message;
  const outcome = applyFieldOperation(file.format!, parsed.editor, operation, file.eol);
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${outcome.kind}`);
  return `${outcome.field}: ${outcome.message}`;
}

const YAML_PAGE = [
  '---',
  '# The page title, shown in the menu',
  "title: 'Hello: world'   # single-quoted on purpose",
  'draft: true',
  'date: 2024-01-02T03:04:05Z',
  'tags:',
  '  - "go"',
  '  - hugo # the generator',
  'categories: [news, "tips"]',
  'params:',
  '  author: Ann',
  '  editor:   "Bob"',
  '---',
  'Body text stays.',
  '',
].join('\n');

describe('YAML front matter edits change only the bytes of the field', () => {
  it('set an existing scalar keeps its quoting, comments and key order', () => {
    const out = edit(YAML_PAGE, { op: 'set', field: 'title', value: 'Bye: world' }, { op: 'set', field: 'draft', value: false }, { op: 'set', field: 'params.editor', value: 'Cy' });
    expect(out).toBe(YAML_PAGE.replace("'Hello: world'", "'Bye: world'").replace('draft: true', 'draft: false').replace('editor:   "Bob"', 'editor:   "Cy"'));
  });

  it('set a new field appends it to its map, creating maps on the way', () => {
    const out = edit(YAML_PAGE, { op: 'set', field: 'weight', value: 3 }, { op: 'set', field: 'params.seo.noindex', value: true });
    expect(out).toBe(YAML_PAGE.replace('  editor:   "Bob"\n', '  editor:   "Bob"\n  seo:\n    noindex: true\nweight: 3\n'.replace('weight: 3\n', '')).replace('---\nBody', 'weight: 3\n---\nBody'));
  });

  it('remove, rename and list edits touch their own lines only', () => {
    const out = edit(
      YAML_PAGE,
      { op: 'remove', field: 'draft' },
      { op: 'rename', field: 'params.author', to: 'writer' },
      { op: 'add_to_list', field: 'tags', value: 'web' },
      { op: 'remove_from_list', field: 'tags', value: 'go' },
      { op: 'add_to_list', field: 'categories', value: 'howto' },
      { op: 'remove_from_list', field: 'categories', value: 'news' },
    );
    expect(out).toBe(
      YAML_PAGE.replace('draft: true\n', '')
        .replace('  author: Ann', '  writer: Ann')
        .replace('  - "go"\n  - hugo # the generator\n', '  - hugo # the generator\n  - web\n')
        .replace('categories: [news, "tips"]', 'categories: ["tips", "howto"]'),
    );
  });

  it('an operation that changes nothing leaves the file identical', () => {
    const out = edit(YAML_PAGE, { op: 'set', field: 'draft', value: true }, { op: 'remove', field: 'nope' }, { op: 'add_to_list', field: 'tags', value: 'hugo' }, { op: 'remove_from_list', field: 'tags', value: 'x' });
    expect(out).toBe(YAML_PAGE);
  });

  it('keeps CRLF line endings, also on lines it adds', () => {
    const crlf = YAML_PAGE.replace(/\n/g, '\r\n');
    const out = edit(crlf, { op: 'set', field: 'weight', value: 1 }, { op: 'add_to_list', field: 'tags', value: 'web' }, { op: 'remove', field: 'draft' });
    expect(out).toBe(crlf.replace('draft: true\r\n', '').replace('  - hugo # the generator\r\n', '  - hugo # the generator\r\n  - web\r\n').replace('---\r\nBody', 'weight: 1\r\n---\r\nBody'));
    expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('creates a list field and adds aliases to an empty front matter', () => {
    expect(edit('---\ntitle: x\n---\n', { op: 'add_to_list', field: 'aliases', value: '/old/' })).toBe('---\ntitle: x\naliases:\n  - /old/\n---\n');
    expect(edit('---\n---\nbody\n', { op: 'set', field: 'title', value: 'T' })).toBe('---\ntitle: T\n---\nbody\n');
  });

  it('removing the last list item leaves an empty list', () => {
    expect(edit('---\ntags:\n  - a\ntitle: t\n---\n', { op: 'remove_from_list', field: 'tags', value: 'a' })).toBe('---\ntags: []\ntitle: t\n---\n');
  });

  it('refuses a path through a value that is not a map, and a list operation on a scalar', () => {
    expect(editError(YAML_PAGE, { op: 'set', field: 'title.main', value: 'x' })).toMatch(/^title: expected title to be a map .*found a string/);
    expect(editError(YAML_PAGE, { op: 'add_to_list', field: 'draft', value: 'x' })).toMatch(/^draft: expected draft to be a list; found a boolean/);
    expect(editError(YAML_PAGE, { op: 'rename', field: 'params.author', to: 'editor' })).toMatch(/expected no field params.editor/);
  });
});

describe('TOML front matter', () => {
  const page = ['+++', '# comment', "title = 'Hello'", 'draft = true', 'tags = ["a", "b"]', '', '[params]', 'author = "Ann" # who', '+++', 'Body', ''].join('\n');

  it('set, remove, rename and list edits splice only their bytes', () => {
    const out = edit(
      page,
      { op: 'set', field: 'draft', value: false },
      { op: 'set', field: 'weight', value: 2 },
      { op: 'set', field: 'params.editor', value: 'Bo' },
      { op: 'rename', field: 'params.author', to: 'writer' },
      { op: 'add_to_list', field: 'tags', value: 'c' },
      { op: 'remove_from_list', field: 'tags', value: 'a' },
      { op: 'remove', field: 'title' },
    );
    expect(out).toBe(['+++', '# comment', 'draft = false', 'tags = ["b", "c"]', 'weight = 2', '', '[params]', 'writer = "Ann" # who', 'editor = "Bo"', '+++', 'Body', ''].join('\n'));
  });

  it('refuses null, which TOML cannot hold', () => {
    expect(editError(page, { op: 'set', field: 'draft', value: null })).toMatch(/TOML has no null/);
  });
});

describe('JSON front matter', () => {
  const page = '{\n  "title": "Hello",\n  "tags": ["a"],\n  "draft": true\n}\n\nBody\n';

  it('edits keep the rest of the object as written', () => {
    const out = edit(page, { op: 'set', field: 'draft', value: false }, { op: 'add_to_list', field: 'tags', value: 'b' }, { op: 'rename', field: 'title', to: 'name' });
    expect(out).toBe('{\n  "name": "Hello",\n  "tags": ["a", "b"],\n  "draft": false\n}\n\nBody\n');
    const removed = edit(page, { op: 'remove', field: 'tags' });
    expect(JSON.parse(splitContent(removed).front)).toEqual({ title: 'Hello', draft: true });
    expect(removed.endsWith('}\n\nBody\n')).toBe(true);
  });
});
