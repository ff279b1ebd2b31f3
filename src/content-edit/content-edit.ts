import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { compileGlob } from '../primitives/glob.js';
import { applyStaged, applyStagedUndoable, ApplyError, discardStaged, stageEdit, type AppliedEdits, type StagedEdit } from './apply-edits.js';
import type { ContentOperation } from './operations.js';
import type { ContentFolder, SiteView } from './site-view-port.js';
import { DEFAULT_CONTENT_DIR } from './operations.js';
import type { RefNamespace } from './page-moves.js';
import { formatEditError, prepareFile, type EditError } from './prepare-file.js';
import { createRegexReplacer, type RegexReplacer } from './regex-runner.js';
import { diffFile } from './unified-diff.js';

export interface ContentEditOptions {
  repoRoot: string;
  /** The site folder, relative to the repository. */
  sitePath: string;
  /** The content folder, relative to the site: the only one when set, else Hugo's (site.contentFolders) or `content`. */
  contentDir?: string | undefined;
  files: readonly string[];
  operations: readonly ContentOperation[];
  dryRun: boolean;
  /** Hugo's view of the site (content folders, languages, each page's URLs); a move needs it for its aliases. */
  site?: SiteView | undefined;
  /** Files larger than this are refused before any work (bytes). */
  maxFileBytes?: number;
  /** Keep the originals after writing, so the caller can undo the edit (report.applied) once it has built the site. */
  undoable?: boolean;
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

/** The largest page content-edit reads: a page's text, its edits and its diff stay well within memory. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

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
  /** The first content folder, relative to the repository. */
  contentRoot: string;
  /** Every content folder searched, relative to the repository. */
  contentRoots: string[];
  /** Repository-relative paths of the files written, created or removed (for an undo). */
  filesWritten: string[];
  /** With settings.undoable, once written: keep or undo the edit. */
  applied?: AppliedEdits;
}

/** A page file in one of the site's content folders. */
interface ContentPage {
  /** Relative to the site. */
  file: string;
  folder: ContentFolder;
  /** Its path in Hugo's content tree (the folder's mount target joined with the path inside it). */
  path: string;
  language: string;
  /** The path refs name it by in its language: a translation by file name (`a.fr.md`) as `a.md`. */
  refPath: string;
  symlink: boolean;
}

/** Files whose size is asked for at once. */
const STAT_BATCH = 64;

/** `fr:posts/*.md`: a glob or page path for one language only. */
const LANGUAGE_PREFIX = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*):(?!\/\/)/;

/**
 * Plans every operation against every file, and only when all of them are sound writes them all
 * (atomically, all or none). Files are read one at a time, their new content staged on disk and
 * their diff streamed out, so memory holds one file and a bounded start of the diff, not the site.
 */
export async function runContentEdit(settings: ContentEditOptions, deps: ContentEditDeps = {}): Promise<ContentEditReport> {
  const site = settings.site;
  const folders: ContentFolder[] = settings.contentDir !== undefined ? [{ source: path.posix.normalize(settings.contentDir), target: '', language: undefined }] : (site?.contentFolders ?? [{ source: DEFAULT_CONTENT_DIR, target: '', language: undefined }]);
  const shown = (siteFile: string): string => path.posix.normalize(path.posix.join(settings.sitePath, siteFile));
  const contentRoots = folders.map((folder) => shown(folder.source));
  const contentRoot = contentRoots[0] ?? shown(DEFAULT_CONTENT_DIR);
  const report: ContentEditReport = { files_matched: 0, files_changed: 0, replacements: 0, refs_updated: 0, changes: [], diff: '', diffLength: 0, errors: [], written: false, contentRoot, contentRoots, filesWritten: [] };
  const fail = (error: EditError): ContentEditReport => {
    report.errors.push(error);
    return report;
  };
  const siteRoot = path.resolve(settings.repoRoot, settings.sitePath);
  const repoReal = await realpath(settings.repoRoot);
  const defaultLanguage = site?.defaultLanguage ?? 'en';
  const languages = new Set(site?.languages ?? []);
  const pages: ContentPage[] = [];
  const folderReals: string[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    const where = shown(folder.source);
    const real = await realpath(path.join(siteRoot, folder.source)).catch(() => undefined);
    if (!real) {
      if (folders.length === 1) return fail({ file: where, field: 'params.content_dir', message: `expected the site's content folder; found no folder ${where}` });
      continue;
    }
    if (!isInside(real, repoReal)) return fail({ file: where, field: 'params.content_dir', message: `expected a folder inside the repository; found one that leads outside it through a symlink` });
    folderReals.push(real);
    const listed = await listContent(path.join(siteRoot, folder.source));
    for (const [relative, symlink] of listed) {
      const file = path.posix.join(folder.source, relative);
      if (seen.has(file)) continue;
      seen.add(file);
      const contentPath = path.posix.join(folder.target, relative);
      const suffix = /\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.md$/.exec(contentPath);
      const byName = suffix && languages.has(suffix[1]!) ? suffix[1]! : undefined;
      const language = folder.language ?? byName ?? defaultLanguage;
      const refPath = byName ? `${contentPath.slice(0, -suffix![0].length)}.md` : contentPath;
      pages.push({ file, folder, path: contentPath, language, refPath, symlink });
    }
  }
  const searched = contentRoots.map((root) => `${root}/`).join(', ');
  const byFile = new Map(pages.map((page) => [page.file, page]));

  const matchers = new Map<string, (file: string) => boolean>();
  const globMatches = (glob: string, operation: number | undefined, field: string): ContentPage[] | undefined => {
    const prefix = LANGUAGE_PREFIX.exec(glob);
    const language = prefix?.[1];
    const pattern = prefix ? glob.slice(prefix[0].length) : glob;
    let matcher = matchers.get(pattern);
    if (!matcher) {
      try {
        matcher = compileGlob(pattern);
      } catch (error) {
        report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected a glob; found "${glob}" (${error instanceof Error ? error.message : String(error)})` });
        return undefined;
      }
      matchers.set(pattern, matcher);
    }
    const test = matcher;
    // A glob names pages by their path in the content tree, or by their file in the site (`content.en/docs/*.md`).
    const matched = pages.filter((page) => (language === undefined || page.language === language) && (test(page.path) || test(page.file)));
    if (matched.length === 0) {
      const languageNote = language === undefined ? '' : ` in language ${language}${languages.size > 0 && !languages.has(language) ? ` (the site's languages: ${[...languages].join(', ')})` : ''}`;
      report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected the glob "${glob}" to match pages${languageNote}; found none in the content folders searched: ${searched} (globs are relative to a content folder)` });
    }
    return matched;
  };
  const taskFiles = new Set(settings.files.flatMap((glob, index) => globMatches(glob, undefined, `params.files[${index}]`) ?? []).map((page) => page.file));
  const operationsByFile = new Map<string, number[]>();
  const matched = new Set(taskFiles);
  settings.operations.forEach((operation, index) => {
    if (operation.op === 'move') return;
    const targets = operation.files ? new Set(operation.files.flatMap((glob, globIndex) => globMatches(glob, index, `files[${globIndex}]`) ?? []).map((page) => page.file)) : taskFiles;
    for (const file of targets) {
      matched.add(file);
      const list = operationsByFile.get(file) ?? [];
      list.push(index);
      operationsByFile.set(file, list);
    }
  });

  const moves = new Map<string, string>();
  const moveIndex = new Map<string, number>();
  const targets = new Set<string>();
  for (const [index, operation] of settings.operations.entries()) {
    if (operation.op !== 'move') continue;
    const problem = (file: string, field: string, message: string): void => void report.errors.push({ file, operation: index, field, message });
    const from = resolveMoveSource(operation.from, pages);
    if (!from.ok) {
      problem(contentRoot, 'from', from.message.replace('{searched}', searched));
      continue;
    }
    const page = from.page;
    const to = moveTarget(operation.to, page);
    if (!to.ok) problem(shown(page.file), 'to', to.message);
    else if (/(^|\/)_?index(\.[A-Za-z-]+)?\.md$/.test(page.path)) problem(shown(page.file), 'from', 'expected a single page; found a bundle or section index (move its folder instead)');
    else if (byFile.has(to.file) || targets.has(to.file)) problem(shown(page.file), 'to', `expected a free path to move to; found an existing page ${shown(to.file)}`);
    else if (moves.has(page.file)) problem(shown(page.file), 'from', 'expected each page to move once; found a second move of it');
    else {
      const escape = await leavesContent(path.join(siteRoot, to.file), folderReals, repoReal);
      if (escape) problem(shown(page.file), 'to', `expected a path inside the content folders; found ${shown(to.file)}, ${escape}`);
      else {
        moves.set(page.file, to.file);
        moveIndex.set(page.file, index);
        targets.add(to.file);
        matched.add(page.file);
      }
    }
  }
  for (const file of matched) if (byFile.get(file)?.symlink) report.errors.push({ file: shown(file), message: 'expected a regular file; found a symlink (content-edit does not follow links)' });
  report.files_matched = [...matched].filter((file) => byFile.get(file)?.symlink === false).length;
  if (report.errors.length > 0) return report;

  const toVisit = pages.filter((page) => !page.symlink && (matched.has(page.file) || (moves.size > 0 && page.path.endsWith('.md'))));
  const maxFileBytes = settings.maxFileBytes ?? MAX_FILE_BYTES;
  // Sizes first, a batch of files at a time, so a page too large to hold is refused before any work.
  for (let start = 0; start < toVisit.length; start += STAT_BATCH) {
    const batch = toVisit.slice(start, start + STAT_BATCH);
    const sizes = await Promise.all(batch.map(async (page) => (await stat(path.join(siteRoot, page.file))).size));
    batch.forEach((page, index) => {
      const size = sizes[index]!;
      if (size > maxFileBytes) report.errors.push({ file: shown(page.file), message: `expected a page of at most ${formatBytes(maxFileBytes)}; found ${formatBytes(size)} (content-edit refuses larger files before any work; edit this one by hand)` });
    });
  }
  if (report.errors.length > 0) return report;

  const namespaces = refNamespaces(pages, moves);
  const emptyNamespace: RefNamespace = { exists: () => false, uniqueByName: () => undefined, moves: new Map() };
  const regex = deps.regex ?? createRegexReplacer();
  const staged: StagedEdit[] = [];
  const replacementsByOperation = new Map<number, number>();
  let keptDiff = '';
  try {
    for (const page of toVisit) {
      const absolute = path.join(siteRoot, page.file);
      const { bytes, state } = readRegularFile(absolute);
      const movedTo = moves.get(page.file);
      const movedPage = movedTo === undefined ? undefined : contentPathOf(movedTo, page);
      const plan = await prepareFile(
        { contentPath: page.path, shownAs: shown(page.file), bytes, operations: operationsByFile.get(page.file) ?? [] },
        {
          operations: settings.operations,
          ...(movedTo === undefined ? {} : { move: { index: moveIndex.get(page.file) ?? 0, oldUrls: site ? aliasesFor(site, page) : undefined } }),
          refs: moves.size === 0 ? undefined : { from: page.refPath, to: movedPage === undefined ? page.refPath : refPathOf(movedPage, page), namespaceFor: (language) => namespaces.get(language ?? page.language) ?? emptyNamespace },
          regex,
        },
      );
      report.errors.push(...plan.errors);
      for (const [index, count] of plan.replacements) replacementsByOperation.set(index, (replacementsByOperation.get(index) ?? 0) + count);
      report.refs_updated += plan.refsRewritten;
      if (plan.errors.length > 0 || plan.original === undefined) continue;
      const newText = plan.text ?? plan.original;
      if (plan.text === undefined && !movedTo) continue;
      const diff = diffFile(shown(page.file), shown(movedTo ?? page.file), plan.original, newText);
      report.diffLength += diff.text.length;
      if (keptDiff.length < MAX_DIFF_KEPT) keptDiff += diff.text.slice(0, MAX_DIFF_KEPT - keptDiff.length);
      for (const line of diff.text.replace(/\n$/, '').split('\n')) deps.onLine?.(line);
      report.files_changed++;
      report.changes.push({ file: shown(movedTo ?? page.file), ...(movedTo ? { moved_from: shown(page.file) } : {}), lines: diff.lines });
      if (!settings.dryRun && report.errors.length === 0) {
        staged.push(stageEdit(absolute, path.join(siteRoot, movedTo ?? page.file), newText, state));
        report.filesWritten.push(shown(page.file), ...(movedTo ? [shown(movedTo)] : []));
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
      report.filesWritten = [];
      return report;
    }
    try {
      if (settings.undoable) report.applied = applyStagedUndoable(staged);
      else await applyStaged(staged);
      report.written = true;
    } catch (error) {
      report.filesWritten = [];
      report.errors.push({ file: contentRoot, message: error instanceof ApplyError ? relativeMessage(error.message, settings.repoRoot) : `writing the edits failed, every file was put back: ${relativeMessage(error instanceof Error ? error.message : String(error), settings.repoRoot)}` });
    }
    return report;
  } catch (error) {
    discardStaged(staged);
    throw error;
  } finally {
    if (!deps.regex) await regex.close();
  }
}

/** The aliases that bring back the URLs Hugo serves a page at, written as the site's Hugo reads them. */
function aliasesFor(site: SiteView, page: ContentPage): string[] {
  const urls = site.urlsByFile.get(page.file) ?? [];
  if (!site.aliasesUnderLanguage) return urls;
  // This Hugo puts the alias under the language's folder itself: the alias must not name it again.
  const folder = `/${page.language}/`;
  return urls.map((url) => (url.startsWith(folder) ? url.slice(folder.length - 1) : url));
}

/** The page a move's `from` names: its path in a content folder (`lang:` to choose among languages) or its file in the site. */
function resolveMoveSource(from: string, pages: readonly ContentPage[]): { ok: true; page: ContentPage } | { ok: false; message: string } {
  const prefix = LANGUAGE_PREFIX.exec(from);
  const wanted = prefix ? from.slice(prefix[0].length) : from;
  const found = pages.filter((page) => (page.path === wanted || page.file === wanted) && (!prefix || page.language === prefix[1]));
  if (found.length === 1) return { ok: true, page: found[0]! };
  if (found.length === 0) return { ok: false, message: `expected a page to move; found no page ${from} in the content folders searched: {searched}` };
  return { ok: false, message: `expected one page to move; found ${found.length} named ${wanted} (${found.map((page) => page.file).join(', ')}): name one with its language, e.g. ${found[0]!.language}:${wanted}` };
}

/** Where a moved page goes: in the same content folder as it was, by its new path in the content tree (or in the site). */
function moveTarget(to: string, page: ContentPage): { ok: true; file: string } | { ok: false; message: string } {
  const wanted = to.replace(LANGUAGE_PREFIX, '');
  const folderPrefix = `${page.folder.source}/`;
  if (wanted.startsWith(folderPrefix)) return { ok: true, file: wanted };
  const target = page.folder.target;
  if (target !== '' && wanted !== target && !wanted.startsWith(`${target}/`)) return { ok: false, message: `expected a path under ${target}/ (where ${page.folder.source} is mounted); found ${to}` };
  return { ok: true, file: path.posix.join(page.folder.source, target === '' ? wanted : wanted.slice(target.length + 1)) };
}

function contentPathOf(file: string, page: ContentPage): string {
  return path.posix.join(page.folder.target, path.posix.relative(page.folder.source, file));
}

function refPathOf(contentPath: string, page: ContentPage): string {
  if (page.refPath === page.path) return contentPath;
  return contentPath.replace(/\.[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*\.md$/, '.md');
}

/** Each language's pages as refs name them, with the moves among them. */
function refNamespaces(pages: readonly ContentPage[], moves: ReadonlyMap<string, string>): Map<string, RefNamespace> {
  const byLanguage = new Map<string, { paths: Set<string>; names: Map<string, string | null>; moves: Map<string, string> }>();
  for (const page of pages) {
    if (!page.path.endsWith('.md')) continue;
    let entry = byLanguage.get(page.language);
    if (!entry) byLanguage.set(page.language, (entry = { paths: new Set(), names: new Map(), moves: new Map() }));
    entry.paths.add(page.refPath);
    const name = path.posix.basename(page.refPath);
    entry.names.set(name, entry.names.has(name) ? null : page.refPath);
    const movedTo = moves.get(page.file);
    if (movedTo !== undefined) entry.moves.set(page.refPath, refPathOf(contentPathOf(movedTo, page), page));
  }
  return new Map([...byLanguage].map(([language, entry]) => [language, { exists: (candidate: string) => entry.paths.has(candidate), uniqueByName: (name: string) => entry.names.get(name) ?? undefined, moves: entry.moves }]));
}

/**
 * Why a path to write is not inside the content folders once symlinks are resolved (its nearest
 * existing folder is resolved: a folder that is a link elsewhere is refused), or undefined.
 */
async function leavesContent(absolute: string, folderReals: readonly string[], repoReal: string): Promise<string | undefined> {
  let existing = path.dirname(absolute);
  for (;;) {
    const info = await lstat(existing).catch(() => undefined);
    if (info) break;
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const real = await realpath(existing).catch(() => undefined);
  if (!real) return 'whose folder cannot be resolved';
  if (folderReals.some((folder) => isInside(real, folder))) return undefined;
  return isInside(real, repoReal) ? `whose folder leads through a symlink to ${path.relative(repoReal, real).split(path.sep).join('/')}, outside the content folders` : 'whose folder leads through a symlink outside the repository';
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent + path.sep);
}

/** An error message with the repository's absolute path taken out, so paths in it are repository-relative. */
function relativeMessage(message: string, repoRoot: string): string {
  const root = path.resolve(repoRoot) + path.sep;
  return message.split(root).join('');
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
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

/** Every regular file and symlink under a content folder (relative, sorted, true for a symlink); links are not followed. */
async function listContent(root: string): Promise<Array<[string, boolean]>> {
  const found: Array<[string, boolean]> = [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? root;
    const relative = path.relative(root, path.join(parent, entry.name)).split(path.sep).join('/');
    if (entry.name.endsWith('.handoff-edit') || entry.name.endsWith('.handoff-edit.original')) continue;
    if (entry.isSymbolicLink()) found.push([relative, true]);
    else if (entry.isFile()) found.push([relative, false]);
  }
  return found.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export { formatEditError };
