import path from 'node:path';
import { actionFor, type ClassifiedError } from '../errors/categories.js';
import { classifyHugoErrors } from '../errors/classify.js';
import type { HugoBuildReport } from '../hugo/build.js';
import type { HugoMessage } from '../errors/hugo-message.js';
import type { WorkerReport } from './worker-report.js';
import type { ContentEditTaskOutputs } from './task-outputs.js';
import { hugoDepsOf, type ContentEditTools } from './worker-tools.js';
import type { Task } from '../task/validate-task.js';
import { formatEditError, runContentEdit, type ContentEditDeps, type ContentEditReport } from '../content-edit/content-edit.js';
import { DEFAULT_CONTENT_DIR } from '../content-edit/operations.js';

const MAX_CHANGES_IN_RESULT = 200;
const MAX_ERRORS_IN_RESULT = 50;

type ContentEditTask = Extract<Task, { type: 'content-edit' }>;

/**
 * The content-edit task: plan and apply the operations, then (build_after) build the site and
 * fail on a failed build or on errors the site did not have before the edit. Locally the edited
 * files stay in the work tree for the agent to review; on GitHub the record step commits them
 * with the result.
 */
export async function contentEditWorker(repoRoot: string, task: ContentEditTask, tools: ContentEditTools, deps: ContentEditDeps = {}): Promise<WorkerReport<ContentEditTaskOutputs>> {
  const clock = tools.clock;
  const started = clock();
  const params = task.params;
  const dryRun = (params.dry_run === true && tools.applyContentEdit !== true) || tools.deployOverrides?.dryRun === true;
  const build = (suffix: string): Promise<HugoBuildReport> =>
    tools.buildSite({
      siteDir: path.resolve(repoRoot, params.site_path),
      destination: path.resolve(repoRoot, '.handoff', 'build', `${task.id}${suffix}`),
      pathsFrom: repoRoot,
      ...(params.base_url ? { baseUrl: params.base_url } : {}),
      environment: task.environment,
    }, hugoDepsOf(tools, { progress: false }));
  const siteDir = path.resolve(repoRoot, params.site_path);
  const moves = params.operations.some((operation) => operation.op === 'move');
  // Hugo's own view: where the pages are (content folders, languages) and the URL of each, for a move's aliases.
  // hugo reads the site's config here too: it runs with the site-code environment like every build.
  const view = await tools.readSiteView(siteDir, { ...(task.environment ? { environment: task.environment } : {}), ...(tools.siteCodeEnv ? { env: tools.siteCodeEnv } : {}) });
  // Without Hugo's list a move cannot know the URLs to keep: the edit is only planned, to report every other problem too.
  const viewProblem = !view.ok && moves ? `a move needs Hugo's list of the site's pages (the URLs the page has now become its aliases), and it could not be read: ${relativeTo(view.message, repoRoot)}` : undefined;
  const before = params.build_after && !dryRun && !viewProblem ? await build('-before') : undefined;

  const edit = await runContentEdit(
    {
      repoRoot,
      sitePath: params.site_path,
      contentDir: params.content_dir ?? (view.ok ? undefined : DEFAULT_CONTENT_DIR),
      files: params.files,
      operations: params.operations,
      dryRun: dryRun || viewProblem !== undefined,
      ...(view.ok ? { site: view.view } : {}),
      undoable: before !== undefined,
    },
    { ...deps, ...(tools.onLine ? { onLine: tools.onLine } : {}) },
  );
  const outputs: Omit<ContentEditTaskOutputs, 'duration_seconds'> = {
    ...editOutputs(edit),
    dry_run: dryRun,
    summary: summary(edit, dryRun),
  };
  // The whole diff went to the log line by line (tools.onLine) as it was made; the result keeps its start.
  const log = [edit.diff.replace(/\n$/, ''), ...edit.errors.map((error) => `error: ${formatEditError(error)}`), outputs.summary].filter(Boolean);
  let error: ClassifiedError | undefined = edit.errors[0] ? editError(edit) : undefined;
  if (viewProblem) {
    outputs.errors = [`${params.site_path}: ${viewProblem}`, ...outputs.errors];
    outputs.summary = `content-edit refused; nothing was written: ${viewProblem}`;
    log.push(viewProblem);
    error = {
      category: 'invalid-task',
      action: actionFor('invalid-task'),
      message: `${viewProblem}${edit.errors.length > 0 ? ` (and ${edit.errors.length} more problem(s), in outputs.errors)` : ''}`,
      file: params.site_path,
      next_step: 'Auto-fix: nothing was written. Make the site build first (the error above names what hugo could not read; a hugo-build task shows it whole), then submit the move again.',
    };
  }

  if (before && edit.written && edit.applied) {
    const after = await build('');
    const known = new Set(before.outputs.errors.map(messageKey));
    const fresh = after.outputs.errors.filter((message) => !known.has(messageKey(message)));
    outputs.build_success = after.outputs.build_success;
    outputs.new_build_errors = fresh;
    log.push(`build after the edit: ${after.outputs.build_success ? 'succeeded' : 'failed'}, ${fresh.length} new error(s)`);
    // A site that failed the same way before the edit is not the edit's doing: the edit stays.
    const brokenByEdit = fresh.length > 0 || (!after.outputs.build_success && before.outputs.build_success);
    if (brokenByEdit) {
      // All or nothing: an edit that breaks the build is taken back, every file as it was.
      edit.applied.undo();
      outputs.written = false;
      outputs.reverted = true;
      outputs.summary = `content-edit reverted: the build after the edit ${after.outputs.build_success ? `showed ${fresh.length} new error(s)` : 'failed'}, so every edited file was put back as it was; nothing is written`;
      log.push(after.log, outputs.summary);
      const cause = classifyHugoErrors(fresh) ?? after.error;
      const first = fresh[0];
      error = {
        category: cause?.category ?? 'markdown-or-template-syntax',
        action: cause?.action ?? actionFor('markdown-or-template-syntax'),
        message: `the edit was reverted (every file put back): the build after it ${after.outputs.build_success ? `had ${fresh.length} error(s) it did not have before` : 'failed'}: ${relativeTo((fresh.length > 0 ? fresh.map((message) => message.message).join('; ') : (cause?.message ?? 'see the log')).slice(0, 400), repoRoot)}`,
        ...(first?.file ? { file: relativeTo(first.file, repoRoot) } : cause?.file ? { file: relativeTo(cause.file, repoRoot) } : {}),
        ...(first?.line ? { line: first.line } : {}),
        next_step: `Auto-fix: nothing is written. The build error above names what the edit broke${first?.file ? ` (${relativeTo(first.file, repoRoot)})` : ''}: change the operations so the site still builds (for a move, a ref the editor could not rewrite: update it with a replace operation in the same task), preview with params.dry_run: true, then submit the corrected task.`,
      };
    } else {
      edit.applied.keep();
    }
  } else if (edit.applied) {
    edit.applied.keep();
  }
  if (edit.written && outputs.written === true) {
    outputs.undo = undoCommand(edit);
    outputs.summary = `${outputs.summary}; the edits are written in the work tree (undo: ${outputs.undo})`;
  }
  return { outputs: { ...outputs, duration_seconds: Math.round((clock() - started) / 10) / 100 }, log: log.join('\n'), ...(error ? { error } : {}) };
}

function editOutputs(edit: ContentEditReport): Omit<ContentEditTaskOutputs, 'dry_run' | 'summary' | 'duration_seconds'> {
  return {
    files_matched: edit.files_matched,
    files_changed: edit.files_changed,
    replacements: edit.replacements,
    refs_updated: edit.refs_updated,
    changes: edit.changes.slice(0, MAX_CHANGES_IN_RESULT),
    ...(edit.changes.length > MAX_CHANGES_IN_RESULT ? { changes_not_shown: edit.changes.length - MAX_CHANGES_IN_RESULT } : {}),
    diff: edit.diff,
    errors: edit.errors.slice(0, MAX_ERRORS_IN_RESULT).map(formatEditError),
    written: edit.written,
    content_dir: edit.contentRoot,
    content_dirs: edit.contentRoots,
  };
}

function editError(edit: ContentEditReport): ClassifiedError {
  const first = edit.errors[0]!;
  const more = edit.errors.length > 1 ? ` (and ${edit.errors.length - 1} more, in outputs.errors)` : '';
  return {
    category: 'invalid-task',
    action: actionFor('invalid-task'),
    message: `${formatEditError(first)}${more}`,
    file: first.file,
    ...(first.line ? { line: first.line } : {}),
    next_step: 'Auto-fix: nothing was written. Fix the operation or the page named, then submit a new content-edit task (try params.dry_run: true first).',
  };
}

function summary(edit: ContentEditReport, dryRun: boolean): string {
  const what = `${edit.files_changed} of ${edit.files_matched} matched file(s) changed, ${edit.replacements} replacement(s), ${edit.refs_updated} ref(s) updated`;
  if (edit.errors.length > 0) return `content-edit refused (${edit.errors.length} error(s)); nothing was written. Planned: ${what}`;
  return dryRun ? `content-edit dry run: ${what}; nothing was written` : `content-edit: ${what}`;
}

/** The one command that takes the written edit back: tracked files checked out again, new files (a move's target) removed. */
function undoCommand(edit: ContentEditReport): string {
  const created = new Set(edit.changes.filter((change) => change.moved_from).map((change) => change.file));
  const tracked = [...new Set(edit.filesWritten)].filter((file) => !created.has(file));
  const quote = (file: string): string => (/^[A-Za-z0-9._/+-]+$/.test(file) ? file : `'${file.replace(/'/g, "'\\''")}'`);
  const parts = [`git checkout -- ${tracked.map(quote).join(' ')}`];
  if (created.size > 0) parts.push(`rm ${[...created].map(quote).join(' ')}`);
  return parts.join(' && ');
}

/** A message with the repository's absolute path taken out, so file paths in it are repository-relative. */
function relativeTo(text: string, repoRoot: string): string {
  const root = path.resolve(repoRoot);
  return text.split(`${root}${path.sep}`).join('').split(root).join('.');
}

/** A build error without its position, which an edit may shift. */
function messageKey(message: HugoMessage): string {
  return `${message.file ?? ''}|${message.message.replace(/:\d+:\d+/g, '')}`;
}
