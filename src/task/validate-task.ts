import path from 'node:path';
import { parseCriterion } from '../criteria/index.js';
import { describeValue, formatField, type Problem } from '../validation/problem.js';
import { locateField } from '../validation/source-location.js';
import { problemsFromIssues, type ProblemContext } from '../validation/zod-problems.js';
import type { FrontMatterFile } from './front-matter.js';
import { checkTaskId } from './task-id.js';
import {
  paramsSchemas,
  taskFrontMatterSchema,
  type ContentEditParams,
  type HugoBuildParams,
  type HugoDeployParams,
  type InvalidateParams,
} from './task-schema.js';
import {
  CHANGES_LIVE_SITE,
  OUTPUTS_BY_TYPE,
  PRODUCTION_CONFIRMATION,
  type Environment,
  type TaskType,
} from './task-types.js';

interface TaskCommon {
  id: string;
  environment: Environment;
  site?: string;
  description: string;
  created: string;
  requested_by?: string;
  git_branch?: string;
  expected_outputs: string[];
  success_criteria: string[];
  confirmation?: string;
  changes_summary?: string;
  staging_url?: string;
  promote_from?: string;
  rollback_to?: string;
  /** The markdown after the front matter: context for people and later agents. */
  body: string;
}

/** A task file that passed validation. */
export type Task =
  | (TaskCommon & { type: 'hugo-build'; params: HugoBuildParams })
  | (TaskCommon & { type: 'hugo-deploy'; params: HugoDeployParams })
  | (TaskCommon & { type: 'cloudfront-invalidate'; params: InvalidateParams })
  | (TaskCommon & { type: 'content-edit'; params: ContentEditParams });

export type TaskValidation = { ok: true; task: Task } | { ok: false; problems: Problem[] };

const DEFAULT_CRITERIA: Record<TaskType, string[]> = {
  'hugo-build': ['build_success == true', 'errors == []'],
  'hugo-deploy': ['build_success == true', 'deployment_success == true', 'http_status == 200'],
  'cloudfront-invalidate': ['invalidation_id != null'],
  'content-edit': ['errors == []', 'files_changed > 0'],
};

/**
 * Checks a parsed task file against the schema and the rules a schema cannot say: the id format
 * and its match with the file name, safe relative paths, http(s) URLs, criteria that parse and
 * name real outputs, and the production confirmation. Pure: the repository is not looked at here
 * (see checkTaskPaths). Every problem found is reported, not just the first.
 */
export function validateTask(file: FrontMatterFile, shownAs: string): TaskValidation {
  const context: ProblemContext = {
    file: shownAs,
    doc: file.doc,
    lineCounter: file.lineCounter,
    knownKeys: (keyPath) => knownKeysAt(keyPath, file.data),
  };
  const problems: Problem[] = [];
  const problem = (fieldPath: PropertyKey[], expected: string, found: unknown, hint?: string): void => {
    problems.push({
      file: shownAs,
      ...locateField(file.doc, file.lineCounter, fieldPath),
      field: formatField(fieldPath),
      expected,
      found: found instanceof Said ? found.text : describeValue(found),
      ...(hint ? { hint } : {}),
    });
  };

  const top = taskFrontMatterSchema.safeParse(file.data, { reportInput: true });
  if (!top.success) problems.push(...problemsFromIssues(top.error.issues, context));
  const data = file.data;
  const type = typeof data.type === 'string' && data.type in paramsSchemas ? (data.type as TaskType) : undefined;

  if (typeof data.id === 'string') {
    const idCheck = checkTaskId(data.id, type);
    if (!idCheck.ok) problem(['id'], idCheck.expected, data.id, idCheck.hint);
    const fileName = path.basename(shownAs);
    if (fileName !== `${data.id}.md`) {
      problem(['id'], `the file name without ".md" ("${fileName.replace(/\.md$/, '')}")`, data.id, `rename the file to ${data.id}.md or fix the id`);
    }
  }
  if (typeof data.created === 'string' && !isIsoDateTime(data.created)) {
    problem(['created'], 'an ISO 8601 date and time such as 2026-01-19T14:30:00Z', data.created);
  }
  if (typeof data.git_branch === 'string' && !isSafeBranchName(data.git_branch)) {
    problem(['git_branch'], 'a git branch name (letters, digits, . _ / -, not starting with -)', data.git_branch);
  }

  checkSourceFields(data, type, problem);

  let params: Record<string, unknown> | undefined;
  if (type && isPlainObject(data.params)) {
    const parsedParams = paramsSchemas[type].safeParse(data.params, { reportInput: true });
    if (!parsedParams.success) {
      problems.push(...problemsFromIssues(parsedParams.error.issues, { ...context, pathPrefix: ['params'] }));
    } else {
      params = parsedParams.data;
      checkParams(type, params, problem);
    }
  }

  if (type) {
    const outputs = OUTPUTS_BY_TYPE[type];
    (Array.isArray(data.expected_outputs) ? data.expected_outputs : []).forEach((name, index) => {
      if (typeof name === 'string' && !outputs.includes(name)) {
        problem(['expected_outputs', index], `an output of ${type}: ${outputs.join(', ')}`, name);
      }
    });
    (Array.isArray(data.success_criteria) ? data.success_criteria : []).forEach((expression, index) => {
      if (typeof expression !== 'string') return;
      const parsed = parseCriterion(expression);
      if (!parsed.ok) {
        problem(['success_criteria', index], 'a criterion such as `file_count > 100`', new Said(`${parsed.error.message} in "${expression}"`));
        return;
      }
      for (const name of parsed.names) {
        if (!outputs.includes(name)) {
          problem(['success_criteria', index], `criteria to name outputs of ${type}: ${outputs.join(', ')}`, new Said(`an unknown output "${name}" in "${expression}"`));
        }
      }
    });
  }

  const environment = data.environment;
  if (environment === 'production' && type && CHANGES_LIVE_SITE.has(type)) {
    if (data.confirmation !== PRODUCTION_CONFIRMATION) {
      problem(
        ['confirmation'],
        `exactly "${PRODUCTION_CONFIRMATION}" (a production ${type} needs the typed confirmation)`,
        data.confirmation,
      );
    }
    if (typeof data.changes_summary !== 'string' || data.changes_summary.trim() === '') {
      problem(['changes_summary'], 'a summary of the changes being deployed (required for production)', data.changes_summary);
    }
    if (type === 'hugo-deploy' && !(typeof data.staging_url === 'string' && checkUrl(data.staging_url) === undefined)) {
      problem(['staging_url'], 'the http(s) URL where the change was previewed (required for production)', data.staging_url);
    }
  } else if (typeof data.staging_url === 'string') {
    const issue = checkUrl(data.staging_url);
    if (issue) problem(['staging_url'], issue, data.staging_url);
  }

  if (problems.length > 0 || !top.success || !type || !params) {
    const inFileOrder = problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, problems: inFileOrder.length ? inFileOrder : [fallbackProblem(shownAs)] };
  }
  const front = top.data;
  return {
    ok: true,
    task: {
      ...front,
      type,
      params,
      expected_outputs: front.expected_outputs ?? [],
      success_criteria: front.success_criteria ?? DEFAULT_CRITERIA[type],
      body: file.body,
    } as Task,
  };
}

/** A found-description written out in words, rather than a value to show as written. */
class Said {
  constructor(readonly text: string) {}
}

type Report = (fieldPath: PropertyKey[], expected: string, found: unknown, hint?: string) => void;

/** promote_from and rollback_to name an earlier task's result; each fits one kind of deploy. */
function checkSourceFields(data: Record<string, unknown>, type: TaskType | undefined, problem: Report): void {
  for (const field of ['promote_from', 'rollback_to'] as const) {
    const value = data[field];
    if (value === undefined) continue;
    if (typeof value === 'string' && !/^[A-Za-z0-9._-]{1,160}$/.test(value)) problem([field], 'a task id (letters, digits, ".", "_", "-")', value);
    if (type !== 'hugo-deploy') problem([field], `${field} only on a hugo-deploy task`, data.type);
  }
  if (data.promote_from !== undefined && data.environment !== 'production') {
    problem(['promote_from'], 'promote_from only on a production deploy (it promotes a staging deploy)', data.environment);
  }
  if (data.promote_from !== undefined && data.rollback_to !== undefined) {
    problem(['rollback_to'], 'either promote_from or rollback_to, not both', data.rollback_to);
  }
}

function checkParams(type: TaskType, params: Record<string, unknown>, problem: Report): void {
  if (typeof params.site_path === 'string') {
    const issue = checkRelativePath(params.site_path);
    if (issue) problem(['params', 'site_path'], issue.expected, params.site_path, issue.hint);
  }
  if (typeof params.site_repository === 'string' && !/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/.test(params.site_repository)) {
    problem(['params', 'site_repository'], 'a GitHub repository as owner/name', params.site_repository);
  }
  if (typeof params.site_ref === 'string' && !isSafeBranchName(params.site_ref)) {
    problem(['params', 'site_ref'], 'a branch, tag or commit (letters, digits, . _ / -, not starting with -)', params.site_ref);
  }
  if (typeof params.site_ref === 'string' && typeof params.site_repository !== 'string') {
    problem(['params', 'site_ref'], 'site_ref only together with site_repository', params.site_ref);
  }
  if (typeof params.base_url === 'string') {
    const issue = checkUrl(params.base_url);
    if (issue) problem(['params', 'base_url'], issue, params.base_url);
  }
  if (typeof params.hugo_environment === 'string' && !/^[A-Za-z0-9_-]{1,64}$/.test(params.hugo_environment)) {
    problem(['params', 'hugo_environment'], 'a Hugo environment name (letters, digits, _ and -)', params.hugo_environment);
  }
  if (type === 'content-edit') checkContentEditParams(params, problem);
  const urlPaths = type === 'cloudfront-invalidate' ? 'paths' : 'check_paths';
  const list = params[urlPaths];
  if (Array.isArray(list)) {
    list.forEach((value, index) => {
      if (typeof value === 'string' && !/^\/[\x21-\x7e]*$/.test(value)) {
        problem(['params', urlPaths, index], 'a URL path starting with "/" (no spaces or control characters)', value);
      }
    });
  }
}

/** What the content-edit schema cannot say: a content folder inside the site, regular expressions that compile. */
function checkContentEditParams(params: Record<string, unknown>, problem: Report): void {
  if (typeof params.content_dir === 'string') {
    const issue = checkRelativePath(params.content_dir);
    if (issue) problem(['params', 'content_dir'], issue.expected.replace('the repository', 'the site'), params.content_dir, issue.hint);
  }
  const operations = Array.isArray(params.operations) ? (params.operations as Record<string, unknown>[]) : [];
  operations.forEach((operation, index) => {
    if (operation.op !== 'replace' || operation.regex !== true || typeof operation.find !== 'string') return;
    try {
      new RegExp(operation.find, `g${typeof operation.flags === 'string' ? operation.flags : ''}`);
    } catch (error) {
      problem(['params', 'operations', index, 'find'], 'a valid JavaScript regular expression', new Said(`"${operation.find}": ${error instanceof Error ? error.message : String(error)}`));
    }
  });
  operations.forEach((operation, index) => {
    if (operation.op === 'move' && operation.from === operation.to) problem(['params', 'operations', index, 'to'], 'a path other than `from`', operation.to);
  });
}

/**
 * Paths from task files name folders inside the repository: relative, normalised, and made only
 * of characters that mean nothing to a shell or to git (they are never passed to a shell, but a
 * path like `site;rm -rf` is a mistake or an attack either way).
 */
export function checkRelativePath(value: string): { expected: string; hint?: string } | undefined {
  const expected = 'a relative path inside the repository';
  if (value.trim() === '') return { expected };
  if (path.posix.isAbsolute(value) || path.win32.isAbsolute(value) || value.startsWith('~')) {
    return { expected, hint: 'absolute paths are not allowed; name the folder relative to the repository root' };
  }
  if (!/^[A-Za-z0-9._/-]+$/.test(value)) {
    return { expected: `${expected}, made of letters, digits, ".", "_", "-" and "/"` };
  }
  const normalised = path.posix.normalize(value);
  if (normalised === '..' || normalised.startsWith('../') || value.split('/').includes('..')) {
    return { expected, hint: '".." may not leave or wander the repository' };
  }
  return undefined;
}

/** Returns what is wrong with a site URL, or undefined when it is a plain http(s) URL. */
export function checkUrl(value: string): string | undefined {
  const expected = 'an http:// or https:// URL';
  if (/[\s"'`<>\\^{}|]/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) return `${expected} without spaces, quotes or control characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return expected;
  if (url.username || url.password) return `${expected} without credentials in it`;
  if (url.search || url.hash) return `${expected} without a query or fragment`;
  return undefined;
}

function isIsoDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

function isSafeBranchName(value: string): boolean {
  return /^[A-Za-z0-9._/-]+$/.test(value) && !value.startsWith('-') && !value.includes('..');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function knownKeysAt(keyPath: readonly PropertyKey[], data: Record<string, unknown>): readonly string[] {
  if (keyPath.length === 0) return Object.keys(taskFrontMatterSchema.shape);
  if (keyPath.length === 1 && keyPath[0] === 'params') {
    const type = data.type;
    if (typeof type === 'string' && type in paramsSchemas) return Object.keys(paramsSchemas[type as TaskType].shape);
  }
  return [];
}

function fallbackProblem(file: string): Problem {
  return { file, field: '(front matter)', expected: 'a valid task', found: 'a task that could not be read' };
}

