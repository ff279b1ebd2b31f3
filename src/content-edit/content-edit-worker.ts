import { monotonicClock } from '../clock.js';
import path from 'node:path';
import { actionFor, type ClassifiedError } from '../errors/categories.js';
import { classifyHugoErrors } from '../errors/classify.js';
import type { HugoBuildReport } from '../hugo/build.js';
import type { HugoMessage } from '../hugo/parse-output.js';
import type { WorkerReport } from '../worker/worker-report.js';
import { hugoDepsOf, type WorkerTools } from '../worker/worker-tools.js';
import type { Task } from '../task/validate-task.js';
import { formatEditError, runContentEdit, type ContentEditDeps, type ContentEditReport } from './content-edit.js';
import { DEFAULT_CONTENT_DIR } from './operations.js';

const MAX_CHANGES_IN_RESULT = 200;
const MAX_ERRORS_IN_RESULT = 50;

type ContentEditTask = Extract<Task, { type: 'content-edit' }>;

/**
 * The content-edit task: plan and apply the operations, then (build_after) build the site and
 * fail on a failed build or on errors the site did not have before the edit. Locally the edited
 * files stay in the work tree for the agent to review; on GitHub the record step commits them
 * with the result.
 */
export async function contentEditWorker(repoRoot: string, task: ContentEditTask, tools: WorkerTools, deps: ContentEditDeps = {}): Promise<WorkerReport> {
  const clock = tools.clock ?? monotonicClock;
  const started = clock();
  const params = task.params;
  const dryRun = params.dry_run === true || tools.deployOverrides?.dryRun === true;
  const build = (suffix: string): Promise<HugoBuildReport> =>
    tools.buildSite({
      siteDir: path.resolve(repoRoot, params.site_path),
      destination: path.resolve(repoRoot, '.handoff', 'build', `${task.id}${suffix}`),
      ...(params.base_url ? { baseUrl: params.base_url } : {}),
      environment: task.environment,
    }, hugoDepsOf(tools, { progress: false }));
  const before = params.build_after && !dryRun ? await build('-before') : undefined;

  const edit = await runContentEdit(
    { repoRoot, sitePath: params.site_path, contentDir: params.content_dir ?? DEFAULT_CONTENT_DIR, files: params.files, operations: params.operations, dryRun },
    { ...deps, ...(tools.onLine ? { onLine: tools.onLine } : {}) },
  );
  const outputs: Record<string, unknown> = {
    ...editOutputs(edit),
    dry_run: dryRun,
    summary: summary(edit, dryRun),
  };
  // The whole diff went to the log line by line (tools.onLine) as it was made; the result keeps its start.
  const log = [edit.diff.replace(/\n$/, ''), ...edit.errors.map((error) => `error: ${formatEditError(error)}`), String(outputs.summary)].filter(Boolean);
  let error: ClassifiedError | undefined = edit.errors[0] ? editError(edit) : undefined;

  if (before && edit.written) {
    const after = await build('');
    const known = new Set(before.outputs.errors.map(messageKey));
    const fresh = after.outputs.errors.filter((message) => !known.has(messageKey(message)));
    outputs.build_success = after.outputs.build_success;
    outputs.new_build_errors = fresh;
    log.push(`build after the edit: ${after.outputs.build_success ? 'succeeded' : 'failed'}, ${fresh.length} new error(s)`);
    if (!after.outputs.build_success || fresh.length > 0) {
      log.push(after.log);
      // The errors the edit brought come first: the site may have had others already.
      error = classifyHugoErrors(fresh) ?? after.error ?? {
        category: 'markdown-or-template-syntax',
        action: actionFor('markdown-or-template-syntax'),
        message: `the site builds, but with ${fresh.length} error(s) it did not have before the edit: ${fresh.map((message) => message.message).join('; ').slice(0, 300)}`,
        ...(fresh[0]?.file ? { file: fresh[0].file } : {}),
        ...(fresh[0]?.line ? { line: fresh[0].line } : {}),
        next_step: 'Auto-fix: the edit broke the build; review the diff (git diff), fix or revert the pages named, and run a new content-edit task.',
      };
    }
  }
  outputs.duration_seconds = Math.round((clock() - started) / 10) / 100;
  return { outputs, log: log.join('\n'), ...(error ? { error } : {}) };
}

function editOutputs(edit: ContentEditReport): Record<string, unknown> {
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

/** A build error without its position, which an edit may shift. */
function messageKey(message: HugoMessage): string {
  return `${message.file ?? ''}|${message.message.replace(/:\d+:\d+/g, '')}`;
}
