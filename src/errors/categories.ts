/**
 * The guide's error categories. Each failure a task can have is put in exactly one, so the agent
 * knows whether to fix it itself and retry (auto-fix) or to ask its user (escalate).
 *
 * The guide lists eight; two are added here because they are common and their remedy is clear:
 * `invalid-task` (the task file itself is wrong: the agent wrote it and can fix it) and
 * `missing-tool` (hugo or git is not installed on the worker: only a person can fix that).
 * Others name failures that would otherwise be `unknown`: `s3-throttled` (submit again later),
 * `hugo-crash`, `deploy-guard` (more deletes than max_deletes) and `handoff-config` (the key to fix).
 * `hugo-version`: the Hugo that runs is not the one the site needs (handoff.yml's pin, a theme's
 * min_version), or a theme uses an API this Hugo removed or does not have yet; a person installs
 * another Hugo, pins another version or updates the theme, so it escalates.
 */
export const AUTO_FIX_CATEGORIES = [
  'template-not-found',
  'missing-frontmatter',
  'broken-internal-link',
  'markdown-or-template-syntax',
  'invalid-task',
  's3-throttled',
] as const;

export const ESCALATE_CATEGORIES = [
  'aws-credentials',
  'cloudfront-config',
  'git-merge-conflict',
  'missing-tool',
  'criteria-not-met',
  'hugo-crash',
  'hugo-version',
  'deploy-guard',
  'handoff-config',
  'unknown',
] as const;

export type AutoFixCategory = (typeof AUTO_FIX_CATEGORIES)[number];
export type EscalateCategory = (typeof ESCALATE_CATEGORIES)[number];
export type ErrorCategory = AutoFixCategory | EscalateCategory;
export type ErrorAction = 'auto-fix' | 'escalate';

/** One failure, classified: what the result file's `error` field holds. */
export interface ClassifiedError {
  category: ErrorCategory;
  action: ErrorAction;
  /** The tool's own message, one line, trimmed. */
  message: string;
  /** The file the tool named, relative to the repository root. */
  file?: string;
  line?: number;
  column?: number;
  /** One line telling the agent (or the person it escalates to) what to do next. */
  next_step: string;
}

export function actionFor(category: ErrorCategory): ErrorAction {
  return (AUTO_FIX_CATEGORIES as readonly string[]).includes(category) ? 'auto-fix' : 'escalate';
}

export function isErrorCategory(value: unknown): value is ErrorCategory {
  return (
    typeof value === 'string' &&
    ((AUTO_FIX_CATEGORIES as readonly string[]).includes(value) ||
      (ESCALATE_CATEGORIES as readonly string[]).includes(value))
  );
}
