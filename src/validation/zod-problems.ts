import type { Document, LineCounter } from 'yaml';
import type * as z from 'zod';
import { closestMatch } from './closest-match.js';
import { describeValue, formatField, type Problem } from './problem.js';
import { locateField } from './source-location.js';

/** Extra detail a schema refinement attaches to its issue, so the message says expected vs found. */
export interface ProblemParams {
  expected: string;
  found?: string;
  hint?: string;
}

/**
 * How a file (handoff.yml, a task file) is checked against its schema, for problemsFromIssues:
 * each issue keeps its input (the problem's `found`), and zod's compiled fast path is left out.
 * A file is checked once per process, and that path compiles a function per object schema on
 * its first parse, which costs more than it saves (bench/README.md, run-overhead).
 */
export const FILE_CHECK = { reportInput: true, jitless: true } as const;

export interface ProblemContext {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** The keys a mapping at this path accepts, for "did you mean" on unknown keys. */
  knownKeys: (path: readonly PropertyKey[]) => readonly string[];
  /** Prefix for paths of a schema applied to a part of the document (e.g. `params`). */
  pathPrefix?: readonly PropertyKey[];
}

/** Turns zod's issues into located problems that say what was expected and what was found. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], context: ProblemContext): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...(context.pathPrefix ?? []), ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = context.knownKeys(path);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const suggestion = closestMatch(key, known);
        problems.push({
          file: context.file,
          ...locateField(context.doc, context.lineCounter, keyPath, 'key'),
          field: formatField(keyPath),
          expected: known.length ? `one of the known fields: ${known.join(', ')}` : 'no fields here',
          found: `an unknown field "${key}"`,
          ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
        });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    const located = locateField(context.doc, context.lineCounter, path);
    const base = { file: context.file, ...located, field: formatField(path) };
    switch (issue.code) {
      case 'invalid_type': {
        const missing = input === undefined;
        problems.push({
          ...base,
          expected: missing ? `a ${typeName(issue.expected)} (required)` : `a ${typeName(issue.expected)}`,
          found: missing ? 'no such field' : describeValue(input),
        });
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map((value) => String(value));
        const suggestion = typeof input === 'string' ? closestMatch(input, values) : undefined;
        const missing = input === undefined;
        const choice = values.length === 1 ? `exactly "${values[0]}"` : `one of ${values.join(', ')}`;
        problems.push({
          ...base,
          expected: missing ? `${choice} (required)` : choice,
          found: missing ? 'no such field' : describeValue(input),
          ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
        });
        break;
      }
      case 'custom': {
        const params = (issue.params ?? {}) as Partial<ProblemParams>;
        problems.push({
          ...base,
          expected: params.expected ?? issue.message,
          found: params.found ?? describeValue(input),
          ...(params.hint ? { hint: params.hint } : {}),
        });
        break;
      }
      case 'invalid_key': {
        // A mapping key that is not allowed (say a site name): point at the key itself.
        const keyIssue = issue.issues[0];
        problems.push({
          ...base,
          ...locateField(context.doc, context.lineCounter, path, 'key'),
          expected: lowerFirst(keyIssue?.message ?? issue.message),
          found: `the key ${describeValue(path[path.length - 1])}`,
        });
        break;
      }
      default:
        problems.push({ ...base, expected: lowerFirst(issue.message), found: describeValue(input) });
    }
  }
  return problems;
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'string',
    number: 'number',
    int: 'whole number',
    boolean: 'boolean (true or false)',
    array: 'list',
    object: 'mapping',
    record: 'mapping',
  };
  return names[expected] ?? expected;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
