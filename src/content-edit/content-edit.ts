import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { compileGlob } from '../deploy/glob.js';
import { applyStaged, ApplyError, discardStaged, stageEdit, type StagedEdit } from './apply-edits.js';
import type { ContentOperation } from './operations.js';
import { formatEditError, planFile, type EditError } from './plan-file.js';
import { createRegexReplacer, type RegexReplacer } from './regex-runner.js';
import { diffFile } from './unified-diff.js';

export interface ContentEditSettings {
  repoRoot: string;
  /** The site folder, relative to the repository. */
  sitePath: string;
  /** The content folder, relative to the site. */
  contentDir: string;
  files: readonly string[];
  operations: readonly ContentOperation[];
  dryRun: boolean;
}

export interface ContentEditDeps {
  regex?: RegexReplacer;
  /** Each line of the diff, as it is made (the log). */
  onLine?: (line: string) => void;
}

export interface FileChange {
  file: string;
  moved_from?: string;
  lines: number[];
}

/** How much of the diff the report keeps (the result file's copy); the whole diff goes to onLine as it is made. */
export const MAX_DIFF_KEPT = 20_000;

export interface ContentEditReport {
  files_matched: number;
  files_changed: number;
  replacements: number;
  refs_updated: number;
  changes: FileChange[];
  /** The start of the diff, at most MAX_DIFF_KEPT characters, with a note saying how much more there was. */
  diff: string;
  /** Characters in the whole diff. */
  diffLength: number;
  errors: EditError[];
  /** Whether the files were written (false for a dry run and whenever there was an error). */
  written: boolean;
  /** The content folder, relative to the repository. */
  contentRoot: string;
}

/**
 * Plans every operation against every file, and only when all of them are sound writes them all
 * (atomically, all or none). Files are read one at a time, their new content staged on disk and
 * their diff streamed out, so memory holds one file and a bounded start of the diff, not the site.
 */
export async function runContentEdit(settings: ContentEditSettings, deps: ContentEditDeps = {}): Promise<ContentEditReport> {
  const contentRoot = path.posix.normalize(path.posix.join(settings.sitePath, settings.contentDir));
  const report: ContentEditReport = { files_matched: 0, files_changed: 0, replacements: 0, refs_updated: 0, changes: [], diff: '', diffLength: 0, errors: [], written: false, contentRoot };
  const fail = (error: EditError): ContentEditReport => {
    report.errors.push(error);
    return report;
  };
  const absoluteRoot = path.resolve(settings.repoRoot, contentRoot);
  const repoReal = await realpath(settings.repoRoot);
  const contentReal = await realpath(absoluteRoot).catch(() => undefined);
  if (!contentReal) return fail({ file: contentRoot, field: 'params.content_dir', message: `expected the site's content folder; found no folder ${contentRoot}` });
  if (contentReal !== repoReal && !contentReal.startsWith(repoReal + path.sep)) {
    return fail({ file: contentRoot, field: 'params.content_dir', message: `expected a folder inside the repository; found one that leads to ${contentReal} through a symlink` });
  }

  const { files: allFiles, symlinks } = await listContent(absoluteRoot);
  const shown = (contentPath: string): string => path.posix.join(contentRoot, contentPath);
  const matchers = new Map<string, (file: string) => boolean>();
  const globMatches = (glob: string, operation: number | undefined, field: string): string[] | undefined => {
    let matcher = matchers.get(glob);
    if (!matcher) {
      try {
        matcher = compileGlob(glob);
      } catch (error) {
        report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected a glob; found "${glob}" (${error instanceof Error ? error.message : String(error)})` });
        return undefined;
      }
      matchers.set(glob, matcher);
    }
    const matched = [...allFiles, ...symlinks].filter(matcher);
    if (matched.length === 0) {
      report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected the glob "${glob}" to match files under ${contentRoot}/; found none` });
    }
    return matched;
  };
  const taskFiles = new Set(settings.files.flatMap((glob, index) => globMatches(glob, undefined, `params.files[${index}]`) ?? []));
  const operationsByFile = new Map<string, number[]>();
  const matched = new Set(taskFiles);
  settings.operations.forEach((operation, index) => {
    if (operation.op === 'move') return;
    const targets = operation.files ? new Set(operation.files.flatMap((glob, globIndex) => globMatches(glob, index, `files[${globIndex}]`) ?? [])) : taskFiles;
    for (const file of targets) {
      matched.add(file);
      const list = operationsByFile.get(file) ?? [];
      list.push(index);
      operationsByFile.set(file, list);
    }
  });

  const existing = new Set(allFiles);
  const moves = new Map<string, string>();
  const targets = new Set<string>();
  settings.operations.forEach((operation, index) => {
    if (operation.op !== 'move') return;
    const problem = (field: string, message: string): void => void report.errors.push({ file: shown(operation.from), operation: index, field, message });
    if (!existing.has(operation.from)) problem('from', `expected a page to move; found no file ${shown(operation.from)}`);
    else if (/(^|\/)_?index\.md$/.test(operation.from)) problem('from', 'expected a single page; found a bundle or section index (move its folder instead)');
    else if (existing.has(operation.to) || targets.has(operation.to)) problem('to', `expected a free path to move to; found an existing page ${shown(operation.to)}`);
    else if (moves.has(operation.from)) problem('from', 'expected each page to move once; found a second move of it');
    else {
      moves.set(operation.from, operation.to);
      targets.add(operation.to);
      matched.add(operation.from);
    }
  });
  for (const file of matched) if (symlinks.includes(file)) report.errors.push({ file: shown(file), message: 'expected a regular file; found a symlink (content-edit does not follow links)' });
  report.files_matched = [...matched].filter((file) => existing.has(file)).length;
  if (report.errors.length > 0) return report;

  const byName = new Map<string, string | null>();
  for (const file of allFiles) {
    const name = path.posix.basename(file);
    byName.set(name, byName.has(name) ? null : file);
  }
  const toVisit = moves.size > 0 ? allFiles.filter((file) => matched.has(file) || file.endsWith('.md')) : allFiles.filter((file) => matched.has(file));
  const regex = deps.regex ?? createRegexReplacer();
  const staged: StagedEdit[] = [];
  const replacementsByOperation = new Map<number, number>();
  let keptDiff = '';
  try {
    for (const contentPath of toVisit) {
      const absolute = path.join(absoluteRoot, contentPath);
      const { bytes, state } = readRegularFile(absolute);
      const plan = await planFile(
        { contentPath, shownAs: shown(contentPath), bytes, operations: operationsByFile.get(contentPath) ?? [] },
        { operations: settings.operations, moves, exists: (file) => existing.has(file), uniqueByName: (name) => byName.get(name) ?? undefined, regex },
      );
      report.errors.push(...plan.errors);
      for (const [index, count] of plan.replacements) replacementsByOperation.set(index, (replacementsByOperation.get(index) ?? 0) + count);
      report.refs_updated += plan.refsRewritten;
      if (plan.errors.length > 0 || plan.original === undefined) continue;
      const movedTo = plan.movedTo;
      const newText = plan.text ?? plan.original;
      if (plan.text === undefined && !movedTo) continue;
      const diff = diffFile(shown(contentPath), shown(movedTo ?? contentPath), plan.original, newText);
      report.diffLength += diff.text.length;
      if (keptDiff.length < MAX_DIFF_KEPT) keptDiff += diff.text.slice(0, MAX_DIFF_KEPT - keptDiff.length);
      for (const line of diff.text.replace(/\n$/, '').split('\n')) deps.onLine?.(line);
      report.files_changed++;
      report.changes.push({ file: shown(movedTo ?? contentPath), ...(movedTo ? { moved_from: shown(contentPath) } : {}), lines: diff.lines });
      if (!settings.dryRun && report.errors.length === 0) {
        staged.push(stageEdit(absolute, path.join(absoluteRoot, movedTo ?? contentPath), newText, state));
      }
    }
    for (const [index, operation] of settings.operations.entries()) {
      if (operation.op !== 'replace') continue;
      const count = replacementsByOperation.get(index) ?? 0;
      report.replacements += count;
      if (count > operation.max_replacements) {
        report.errors.push({ file: contentRoot, operation: index, field: 'max_replacements', message: `expected at most ${operation.max_replacements} replacements; found ${count} matches of "${operation.find}" (raise max_replacements if that many are meant)` });
      }
    }
    const more = report.diffLength - keptDiff.length;
    report.diff = more > 0 ? `${keptDiff}\n… ${more} more characters of diff: the whole diff is in the run's log\n` : keptDiff;
    if (report.errors.length > 0 || settings.dryRun) {
      discardStaged(staged);
      return report;
    }
    try {
      await applyStaged(staged);
      report.written = true;
    } catch (error) {
      report.errors.push({ file: contentRoot, message: error instanceof ApplyError ? error.message : `writing the edits failed, every file was put back: ${error instanceof Error ? error.message : String(error)}` });
    }
    return report;
  } catch (error) {
    discardStaged(staged);
    throw error;
  } finally {
    if (!deps.regex) await regex.close();
  }
}

/**
 * Reads a file with its size and time, refusing a symlink put there since the listing
 * (O_NOFOLLOW). Synchronous, like staging and applying: see apply-edits.ts for why.
 */
function readRegularFile(absolute: string): { bytes: Buffer; state: { size: number; mtimeMs: number } } {
  const descriptor = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const info = fstatSync(descriptor);
    return { bytes: readFileSync(descriptor), state: { size: info.size, mtimeMs: info.mtimeMs } };
  } finally {
    closeSync(descriptor);
  }
}

/** Every regular file and symlink under the content folder (relative, sorted); links are not followed. */
async function listContent(root: string): Promise<{ files: string[]; symlinks: string[] }> {
  const files: string[] = [];
  const symlinks: string[] = [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? root;
    const relative = path.relative(root, path.join(parent, entry.name)).split(path.sep).join('/');
    if (entry.name.endsWith('.handoff-edit') || entry.name.endsWith('.handoff-edit.original')) continue;
    if (entry.isSymbolicLink()) symlinks.push(relative);
    else if (entry.isFile()) files.push(relative);
  }
  return { files: files.sort(), symlinks: symlinks.sort() };
}

export { formatEditError };
