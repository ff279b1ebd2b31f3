/**
 * One thing wrong with an input file, located as precisely as the parser allows. Every error the
 * agent sees about a file it wrote is one of these, so it can jump to the line and fix the field.
 */
export interface Problem {
  /** The file, as the user named it (relative to the repository where possible). */
  file: string;
  line?: number;
  column?: number;
  /** Dotted path of the field (`params.site_path`, `success_criteria[1]`), or `(file)` / `(front matter)`. */
  field: string;
  expected: string;
  found: string;
  /** Extra help: a "did you mean", or what to do. */
  hint?: string;
}

export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(':');
  const hint = problem.hint ? ` (${problem.hint})` : '';
  return `${where}: ${problem.field}: expected ${problem.expected}; found ${problem.found}${hint}`;
}

export function formatField(path: readonly PropertyKey[]): string {
  let field = '';
  for (const part of path) {
    if (typeof part === 'number') field += `[${part}]`;
    else field += field ? `.${String(part)}` : String(part);
  }
  return field || '(front matter)';
}

const MAX_SHOWN = 80;

/** Shows a found value the way the agent wrote it, short enough for one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const shown = truncate(JSON.stringify(value));
    return `a list ${shown}`;
  }
  if (typeof value === 'object') return `a mapping ${truncate(JSON.stringify(value))}`;
  if (typeof value === 'string') return `"${truncate(value)}"`;
  return `${typeof value} ${String(value)}`;
}

function truncate(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
