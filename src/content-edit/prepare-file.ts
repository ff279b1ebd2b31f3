import { decodeContent, frontFirstLine, joinContent, splitContent } from './content-file.js';
import { applyFieldOperation, parseFront, readField } from './field-edits.js';
import type { FrontMatterEditor } from './front-matter-editor.js';
import type { ContentOperation, FieldOperation, ReplaceOperation } from './operations.js';
import { pageUrl, rewriteRefs, type RefNamespace } from './page-moves.js';
import type { RegexReplacer } from './regex-runner.js';

/** One thing wrong, named by file, operation and field, so the agent can fix the task or the page. */
export interface EditError {
  /** Relative to the repository root. */
  file: string;
  line?: number;
  /** Index in params.operations. */
  operation?: number;
  field?: string;
  message: string;
}

export function formatEditError(error: EditError): string {
  const where = error.line ? `${error.file}:${error.line}` : error.file;
  const what = error.operation !== undefined ? ` operations[${error.operation}]${error.field ? ` (${error.field})` : ''}:` : error.field ? ` ${error.field}:` : '';
  return `${where}:${what} ${error.message}`;
}

export interface FileToPrepare {
  /** Its path in Hugo's content tree. */
  contentPath: string;
  /** Relative to the repository root, for messages. */
  shownAs: string;
  bytes: Uint8Array;
  /** Indexes of the operations whose globs match this file. */
  operations: readonly number[];
}

export interface PrepareContext {
  operations: readonly ContentOperation[];
  /** Set when this page moves: the move's index, and the URLs Hugo serves it at now (undefined: Hugo's view is not at hand). */
  move?: { index: number; oldUrls: readonly string[] | undefined };
  /** Set when any page moves: this page's path as refs name it, before and after, and each language's pages. */
  refs?: { from: string; to: string; namespaceFor: (language: string | undefined) => RefNamespace } | undefined;
  regex: RegexReplacer;
}

export interface PreparedFile {
  /** The file's new text, or undefined when nothing changes. */
  text: string | undefined;
  original: string | undefined;
  /** Replacements made per operation index. */
  replacements: Map<number, number>;
  refsRewritten: number;
  errors: EditError[];
}

/**
 * Plans every operation on one file: pure, apart from the time-bounded regex runner. Returns the
 * new text, never writes. Field operations apply to the front matter, replacements to the body,
 * then a moved page gets its old URL in `aliases` and refs to moved pages are rewritten.
 */
export async function prepareFile(file: FileToPrepare, context: PrepareContext): Promise<PreparedFile> {
  const plan: PreparedFile = { text: undefined, original: undefined, replacements: new Map(), refsRewritten: 0, errors: [] };
  const fail = (error: Omit<EditError, 'file'>): PreparedFile => {
    plan.errors.push({ file: file.shownAs, ...error });
    return plan;
  };
  const decoded = decodeContent(file.bytes);
  if (!decoded.ok) return fail({ ...(file.operations[0] !== undefined ? { operation: file.operations[0] } : {}), message: `expected a UTF-8 text file; found ${decoded.reason}` });
  plan.original = decoded.text;
  const content = splitContent(decoded.text);
  let data: Record<string, unknown> = {};
  let editor: FrontMatterEditor | undefined;
  if (content.format) {
    const parsed = parseFront(content.format, content.front, content.eol);
    if (!parsed.ok) {
      return fail({
        ...(file.operations[0] !== undefined ? { operation: file.operations[0] } : {}),
        ...(parsed.line ? { line: frontFirstLine(content) + parsed.line - 1 } : {}),
        field: '(front matter)',
        message: `expected ${content.format.toUpperCase()} front matter that parses; found: ${parsed.message}`,
      });
    }
    editor = parsed.editor;
    data = editor.data;
  }
  const originalData = data;
  // Each edit hands on the editor of the text it made (it parsed it to check it), so a file is parsed once per change.
  const applyField = (index: number, operation: FieldOperation): PreparedFile | undefined => {
    if (!content.format || !editor) return fail({ operation: index, field: operation.field, message: 'expected a page with front matter (---, +++ or {); found none' });
    const outcome = applyFieldOperation(content.format, editor, operation, content.eol);
    if (outcome.kind === 'error') return fail({ operation: index, field: outcome.field, message: outcome.message });
    if (outcome.kind === 'changed') {
      content.front = outcome.text;
      editor = outcome.editor;
      data = outcome.data;
    }
    return undefined;
  };

  for (const index of file.operations) {
    const operation = context.operations[index];
    if (!operation || operation.op === 'move') continue;
    if ('where' in operation && operation.where) {
      const condition = readField(data, operation.where.field.split('.'));
      if (!condition.ok || !sameScalar(condition.value, operation.where.equals)) continue;
    }
    if (operation.op === 'replace') {
      const replaced = await replaceInBody(content.body, operation, context.regex);
      if (!replaced.ok) return fail({ operation: index, field: 'find', message: replaced.message });
      content.body = replaced.text;
      plan.replacements.set(index, (plan.replacements.get(index) ?? 0) + replaced.count);
      continue;
    }
    const failed = applyField(index, operation);
    if (failed) return failed;
  }

  if (context.move && !content.format && (context.move.oldUrls?.length ?? 1) > 0) {
    // A page without front matter gets one to hold its aliases (Hugo reads a page's YAML front matter at its start).
    content.format = 'yaml';
    content.open = `---${content.eol}`;
    content.close = `---${content.eol}`;
    const parsed = parseFront('yaml', '', content.eol);
    if (parsed.ok) editor = parsed.editor;
  }
  if (context.move) {
    // A page whose front matter sets `url` keeps that URL wherever its file goes: no alias.
    const oldUrls = typeof originalData.url === 'string' ? [] : (context.move.oldUrls ?? [pageUrl(file.contentPath, originalData)].filter((url): url is string => url !== undefined));
    for (const oldUrl of oldUrls) {
      const failed = applyField(context.move.index, { op: 'add_to_list', field: 'aliases', value: oldUrl });
      if (failed) return failed;
    }
  }
  if (context.refs) {
    const rewritten = rewriteRefs(content.body, { from: context.refs.from, to: context.refs.to }, context.refs.namespaceFor);
    content.body = rewritten.text;
    plan.refsRewritten = rewritten.count;
  }

  const text = joinContent(content);
  if (text !== decoded.text) plan.text = text;
  return plan;
}

async function replaceInBody(body: string, operation: ReplaceOperation, regex: RegexReplacer): Promise<{ ok: true; text: string; count: number } | { ok: false; message: string }> {
  if (!operation.regex) {
    const parts = body.split(operation.find);
    return { ok: true, text: parts.join(operation.replace), count: parts.length - 1 };
  }
  const outcome = await regex.replace(body, operation.find, `g${operation.flags ?? ''}`, operation.replace);
  if (!outcome.ok && outcome.budgetSpent) return { ok: false, message: `the regular expressions of this task ran past their shared time limit (one budget over all files) by this file; simplify /${operation.find}/ or narrow the files` };
  if (!outcome.ok) return { ok: false, message: `the regular expression /${operation.find}/ ran past its time limit on this file (catastrophic backtracking?); simplify it` };
  return outcome;
}

function sameScalar(actual: unknown, expected: unknown): boolean {
  if (actual instanceof Date) return actual.toISOString() === expected;
  return actual === expected;
}
