import path from 'node:path';
import { HUGO_ENVIRONMENT_NAME } from '../hugo/environment-name.js';
import * as z from 'zod';
import { SITE_NAME_PATTERN } from '../config/config-schema.js';
import { contentEditParams } from '../content-edit/operations.js';
import { parseCriterion } from '../criteria/index.js';
import { httpUrlProblem } from '../validation/http-url.js';
import { describeValue } from '../validation/problem.js';
import type { ProblemParams } from '../validation/zod-problems.js';
import { checkTaskId } from './task-id.js';
import { CHANGES_LIVE_SITE, ENVIRONMENTS, OUTPUTS_BY_TYPE, PRODUCTION_CONFIRMATION, TASK_TYPES, type TaskType } from '../primitives/task-types.js';

/**
 * The task file's rules, all of them: field shapes, then refinements for what a type cannot say
 * (safe relative paths, http(s) URLs, criteria that parse and name real outputs, the production
 * confirmation). A refinement that reads several fields runs once the fields themselves are
 * valid, so its message is about the combination, never about a broken field.
 */

/** Reports one problem: the field, what it should be and what it is (in words). */
function refuse(context: z.RefinementCtx, fieldPath: PropertyKey[], expected: string, found: string, hint?: string): void {
  const params: ProblemParams = { expected, found, ...(hint ? { hint } : {}) };
  context.addIssue({ code: 'custom', path: fieldPath, message: expected, params });
}

/** A string field checked by a function that says what is wrong, or nothing. */
function checkedString(problemOf: (value: string) => { expected: string; hint?: string } | undefined): z.ZodString {
  return z.string().superRefine((value, context) => {
    const problem = problemOf(value);
    if (problem) refuse(context, [], problem.expected, describeValue(value), problem.hint);
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

function isIsoDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

function isSafeBranchName(value: string): boolean {
  return /^[A-Za-z0-9._/-]+$/.test(value) && !value.startsWith('-') && !value.includes('..');
}

const httpUrl = (): z.ZodString => checkedString((value) => {
  const expected = httpUrlProblem(value);
  return expected ? { expected } : undefined;
});

const sitePath = (): z.ZodString => checkedString(checkRelativePath);

const earlierTaskId = (): z.ZodString =>
  checkedString((value) => (/^[A-Za-z0-9._-]{1,160}$/.test(value) ? undefined : { expected: 'a task id (letters, digits, ".", "_", "-")' }));

const frontMatterShape = {
  /** `YYYY-MM-DD-HHMM-<type>-<brief>`; the type part is checked against `type` below. */
  id: checkedString((value) => {
    const check = checkTaskId(value, undefined);
    return check.ok ? undefined : check;
  }),
  type: z.enum(TASK_TYPES),
  environment: z.enum(ENVIRONMENTS),
  /** The site of handoff.yml's `sites:` this task is for; optional where there is one site. */
  site: z.string().regex(SITE_NAME_PATTERN, 'a site name: lowercase letters, digits and -').optional(),
  description: z.string().trim().min(1, 'a non-empty description').max(500),
  created: checkedString((value) => (isIsoDateTime(value) ? undefined : { expected: 'an ISO 8601 date and time such as 2026-01-19T14:30:00Z' })),
  requested_by: z.string().min(1).max(100).optional(),
  git_branch: z
    .string()
    .min(1)
    .max(255)
    .superRefine((value, context) => {
      if (!isSafeBranchName(value)) refuse(context, [], 'a git branch name (letters, digits, . _ / -, not starting with -)', describeValue(value));
    })
    .optional(),
  params: z.record(z.string(), z.unknown()),
  expected_outputs: z.array(z.string()).optional(),
  success_criteria: z.array(z.string()).optional(),
  confirmation: z.string().optional(),
  changes_summary: z.string().optional(),
  /** Checked with the environment: required for a production deploy. */
  staging_url: z.string().optional(),
  /** A production hugo-deploy that builds the commit of this successful staging deploy (handoff promote). */
  promote_from: earlierTaskId().optional(),
  /** A hugo-deploy that redeploys the commit of this earlier successful deploy (handoff rollback). */
  rollback_to: earlierTaskId().optional(),
};

type FrontMatterFields = z.infer<z.ZodObject<typeof frontMatterShape>>;

/** The rules between fields of a front matter whose fields are each valid. */
function frontMatterRules(front: FrontMatterFields, context: z.RefinementCtx): void {
  const { type } = front;
  // An id of the wrong form is the id field's own problem; here only its type part is compared.
  const idCheck = checkTaskId(front.id, undefined).ok ? checkTaskId(front.id, type) : undefined;
  if (idCheck && !idCheck.ok) refuse(context, ['id'], idCheck.expected, describeValue(front.id), idCheck.hint);

  for (const field of ['promote_from', 'rollback_to'] as const) {
    if (front[field] !== undefined && type !== 'hugo-deploy') refuse(context, [field], `${field} only on a hugo-deploy task`, describeValue(type));
  }
  if (front.promote_from !== undefined && front.environment !== 'production') {
    refuse(context, ['promote_from'], 'promote_from only on a production deploy (it promotes a staging deploy)', describeValue(front.environment));
  }
  if (front.promote_from !== undefined && front.rollback_to !== undefined) {
    refuse(context, ['rollback_to'], 'either promote_from or rollback_to, not both', describeValue(front.rollback_to));
  }

  outputRules(front, context);

  if (front.environment === 'production' && CHANGES_LIVE_SITE.has(type)) {
    if (front.confirmation !== PRODUCTION_CONFIRMATION) {
      refuse(context, ['confirmation'], `exactly "${PRODUCTION_CONFIRMATION}" (a production ${type} needs the typed confirmation)`, describeValue(front.confirmation));
    }
    if (front.changes_summary === undefined || front.changes_summary.trim() === '') {
      refuse(context, ['changes_summary'], 'a summary of the changes being deployed (required for production)', describeValue(front.changes_summary));
    }
    if (type === 'hugo-deploy' && !(front.staging_url !== undefined && httpUrlProblem(front.staging_url) === undefined)) {
      refuse(context, ['staging_url'], 'the http(s) URL where the change was previewed (required for production)', describeValue(front.staging_url));
    }
  } else if (front.staging_url !== undefined) {
    const problem = httpUrlProblem(front.staging_url);
    if (problem) refuse(context, ['staging_url'], problem, describeValue(front.staging_url));
  }
}

/**
 * The outputs a task may name and its criteria, checked on their own as soon as `type` and these
 * fields have their shapes, so `validate` reports a wrong criterion with the other problems of the
 * file rather than after they are fixed.
 */
function outputRules(front: Pick<FrontMatterFields, 'type' | 'expected_outputs' | 'success_criteria'>, context: z.RefinementCtx): void {
  const { type } = front;
  const outputs = OUTPUTS_BY_TYPE[type];
  (front.expected_outputs ?? []).forEach((name, index) => {
    if (!outputs.includes(name)) refuse(context, ['expected_outputs', index], `an output of ${type}: ${outputs.join(', ')}`, describeValue(name));
  });
  (front.success_criteria ?? []).forEach((expression, index) => {
    const parsed = parseCriterion(expression);
    if (!parsed.ok) {
      refuse(context, ['success_criteria', index], 'a criterion such as `file_count > 100`', `${parsed.error.message} in "${expression}"`);
      return;
    }
    for (const name of parsed.names) {
      if (!outputs.includes(name)) {
        refuse(context, ['success_criteria', index], `criteria to name outputs of ${type}: ${outputs.join(', ')}`, `an unknown output "${name}" in "${expression}"`);
      }
    }
  });
}

/** `type`, `expected_outputs` and `success_criteria` alone, with their rules: for a front matter whose other fields are wrong. */
export const taskOutputsSchema = z
  .object({ type: frontMatterShape.type, expected_outputs: frontMatterShape.expected_outputs, success_criteria: frontMatterShape.success_criteria })
  .superRefine(outputRules);

/**
 * The front matter of a task file named `fileName`. Params are checked by a schema of their own,
 * chosen by `type` (paramsSchemas), so their errors speak of the fields that type really takes.
 */
export function taskFrontMatterSchemaFor(fileName: string) {
  return z
    .strictObject({
      ...frontMatterShape,
      id: frontMatterShape.id.superRefine((id, context) => {
        if (fileName !== `${id}.md`) {
          refuse(context, [], `the file name without ".md" ("${fileName.replace(/\.md$/, '')}")`, describeValue(id), `rename the file to ${id}.md or fix the id`);
        }
      }),
    })
    .superRefine(frontMatterRules);
}

/** The front matter's fields, for "did you mean" on an unknown one. */
export const TASK_FIELDS: readonly string[] = Object.keys(frontMatterShape);

/** `type` and `params` alone: enough to pick and apply the params schema while other fields are wrong. */
export const taskTypeAndParamsSchema = z.object({ type: frontMatterShape.type, params: frontMatterShape.params });

export type TaskFrontMatter = FrontMatterFields;

/** owner/name of a GitHub repository; no "..", since the name becomes a checkout path in the workflow. */
export const siteRepositorySchema = z.string().regex(/^(?!.*\.\.)[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, 'a GitHub repository as owner/name');

/** A branch, tag or commit of a site repository, safe as a checkout step's ref. */
export const siteRefSchema = checkedString((value) =>
  isSafeBranchName(value) && value.length <= 255 ? undefined : { expected: 'a branch, tag or commit (letters, digits, . _ / -, not starting with -)' },
);

const buildParams = {
  /** A site kept in another repository (owner/name), checked out read-only by the GitHub workflow. */
  site_repository: siteRepositorySchema.optional(),
  /** The branch, tag or commit of site_repository to build (default: its default branch). */
  site_ref: siteRefSchema.optional(),
  site_path: sitePath(),
  base_url: httpUrl().optional(),
  hugo_environment: z.string().regex(HUGO_ENVIRONMENT_NAME, 'a Hugo environment name (letters, digits, _ and -)').optional(),
  minify: z.boolean().optional(),
  build_drafts: z.boolean().optional(),
  build_future: z.boolean().optional(),
  build_expired: z.boolean().optional(),
};

/** A URL path CloudFront or the live check takes: starts with "/", printable ASCII only. */
const urlPath = (): z.ZodString =>
  z.string().regex(/^\/[\x21-\x7e]*$/, 'a URL path starting with "/" (no spaces or control characters)');

const deployParams = {
  ...buildParams,
  dry_run: z.boolean().optional(),
  max_deletes: z.number().int().min(0).optional(),
  invalidate: z.boolean().optional(),
  wait_for_invalidation: z.boolean().optional(),
  check_paths: z.array(urlPath()).optional(),
};

const invalidateParams = {
  paths: z.array(urlPath()).min(1),
  wait_for_invalidation: z.boolean().optional(),
};

/** site_ref picks a ref of site_repository: without one it has nothing to pick from. */
function siteRefRule(params: { site_repository?: string | undefined; site_ref?: string | undefined }, context: z.RefinementCtx): void {
  if (params.site_ref !== undefined && params.site_repository === undefined) {
    refuse(context, ['site_ref'], 'site_ref only together with site_repository', describeValue(params.site_ref));
  }
}

type ContentEditFields = z.infer<z.ZodObject<typeof contentEditParams>>;

/** What the content-edit shape cannot say: a content folder inside the site, regular expressions that compile, moves that move. */
function contentEditRules(params: ContentEditFields, context: z.RefinementCtx): void {
  const sitePathProblem = checkRelativePath(params.site_path);
  if (sitePathProblem) refuse(context, ['site_path'], sitePathProblem.expected, describeValue(params.site_path), sitePathProblem.hint);
  if (params.base_url !== undefined) {
    const problem = httpUrlProblem(params.base_url);
    if (problem) refuse(context, ['base_url'], problem, describeValue(params.base_url));
  }
  if (params.content_dir !== undefined) {
    const problem = checkRelativePath(params.content_dir);
    if (problem) refuse(context, ['content_dir'], problem.expected.replace('the repository', 'the site'), describeValue(params.content_dir), problem.hint);
  }
  params.operations.forEach((operation, index) => {
    if (operation.op !== 'replace' || operation.regex !== true) return;
    try {
      new RegExp(operation.find, `g${operation.flags ?? ''}`);
    } catch (error) {
      refuse(context, ['operations', index, 'find'], 'a valid JavaScript regular expression', `"${operation.find}": ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  params.operations.forEach((operation, index) => {
    if (operation.op === 'move' && operation.from === operation.to) refuse(context, ['operations', index, 'to'], 'a path other than `from`', describeValue(operation.to));
  });
}

export const paramsSchemas = {
  'hugo-build': z.strictObject(buildParams).superRefine(siteRefRule),
  'hugo-deploy': z.strictObject(deployParams).superRefine(siteRefRule),
  'cloudfront-invalidate': z.strictObject(invalidateParams),
  'content-edit': z.strictObject(contentEditParams).superRefine(contentEditRules),
} as const satisfies Record<TaskType, z.ZodType>;

export type HugoBuildParams = z.infer<(typeof paramsSchemas)['hugo-build']>;
export type HugoDeployParams = z.infer<(typeof paramsSchemas)['hugo-deploy']>;
export type InvalidateParams = z.infer<(typeof paramsSchemas)['cloudfront-invalidate']>;
export type ContentEditParams = z.infer<(typeof paramsSchemas)['content-edit']>;
