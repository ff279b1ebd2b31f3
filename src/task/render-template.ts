import { parseDocument, visit } from 'yaml';
import type { Problem } from '../validation/problem.js';

const PLACEHOLDER = /\{([a-z][a-z0-9_-]*)\}/g;

export interface TemplateValues {
  /** Values the user gave (--env, --description, --set): each must be used by the template. */
  given: Readonly<Record<string, string>>;
  /** Values filled in automatically (clock, git, config): used where the template asks for them. */
  defaults: Readonly<Record<string, string>>;
  /** What fixes an unfilled placeholder, in the words of the interface that asked (default: `pass --set name=…`). */
  hintFor?: (name: string) => string;
}

export type RenderResult = { ok: true; text: string; used: string[] } | { ok: false; problems: Problem[] };

/**
 * Fills a task template's `{placeholders}`. In the front matter they are replaced inside the
 * parsed YAML strings, never spliced into YAML text, so a value holding quotes, colons or new
 * lines cannot change the task's structure; in the body they are replaced as text. Refuses a
 * placeholder left unfilled and a given value the template does not use, naming each.
 */
export function renderTemplate(templateText: string, templateName: string, values: TemplateValues): RenderResult {
  const text = templateText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const problems: Problem[] = [];
  const fence = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(text);
  if (!fence) {
    return { ok: false, problems: [{ file: templateName, line: 1, field: '(front matter)', expected: "a template starting with a '---' front matter block", found: 'none' }] };
  }
  const frontText = fence[1] ?? '';
  const bodyText = text.slice(fence[0].length);
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(values.given, name) ? values.given[name] : Object.hasOwn(values.defaults, name) ? values.defaults[name] : undefined;

  const used = new Set<string>();
  const unfilled = new Map<string, number>();
  const fill = (source: string, lineOf: (index: number) => number): string =>
    source.replace(PLACEHOLDER, (whole, name: string, index: number) => {
      used.add(name);
      const value = lookup(name);
      if (value === undefined) {
        if (!unfilled.has(name)) unfilled.set(name, lineOf(index));
        return whole;
      }
      return value;
    });

  const doc = parseDocument(frontText, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return {
      ok: false,
      problems: [{ file: templateName, line: (error?.linePos?.[0].line ?? 0) + 1, field: '(front matter)', expected: 'valid YAML', found: error?.message.split('\n')[0] ?? 'an error' }],
    };
  }
  const frontLineOf = (offset: number): number => frontText.slice(0, offset).split('\n').length + 1;
  const substitutedInScalars = new Set<string>();
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('{')) return;
      const start = node.range?.[0] ?? 0;
      for (const match of node.value.matchAll(PLACEHOLDER)) substitutedInScalars.add(match[1] ?? '');
      node.value = fill(node.value, () => frontLineOf(start));
    },
  });
  for (const match of frontText.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!substitutedInScalars.has(name)) {
      problems.push({
        file: templateName,
        line: frontLineOf(match.index ?? 0),
        field: `{${name}}`,
        expected: 'placeholders in the front matter to stand inside quoted strings ("{name}")',
        found: 'a bare placeholder, which YAML reads as a mapping',
      });
    }
  }
  const bodyStartLine = frontText.split('\n').length + 2;
  const body = fill(bodyText, (index) => bodyStartLine + bodyText.slice(0, index).split('\n').length);

  for (const [name, line] of unfilled) {
    problems.push({
      file: templateName,
      line,
      field: `{${name}}`,
      expected: `a value for {${name}}`,
      found: 'none given',
      hint: values.hintFor?.(name) ?? `pass --set ${name}=…`,
    });
  }
  for (const name of Object.keys(values.given)) {
    if (!used.has(name)) {
      const placeholders = [...used].sort().join(', ') || 'none';
      problems.push({
        file: templateName,
        field: name,
        expected: `a key the template uses (its placeholders: ${placeholders})`,
        found: `an unknown key "${name}"`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const front = doc.toString({ lineWidth: 0 });
  return { ok: true, text: `---\n${front}---\n${body}`, used: [...used].sort() };
}
