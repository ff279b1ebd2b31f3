import path from 'node:path';
import type * as z from 'zod';
import type { Problem } from '../validation/problem.js';
import { FILE_CHECK, problemsFromIssues, type ProblemContext } from '../validation/zod-problems.js';
import type { FrontMatterFile } from './front-matter.js';
import {
  paramsSchemas,
  TASK_FIELDS,
  taskFrontMatterSchemaFor,
  taskOutputsSchema,
  taskTypeAndParamsSchema,
  type ContentEditParams,
  type HugoBuildParams,
  type HugoDeployParams,
  type InvalidateParams,
  type TaskFrontMatter,
} from './task-schema.js';
import type { Environment, TaskType } from '../primitives/task-types.js';

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

/** A task's type with its params, as the params schema of that type read them. */
type TypedParams =
  | { type: 'hugo-build'; params: HugoBuildParams }
  | { type: 'hugo-deploy'; params: HugoDeployParams }
  | { type: 'cloudfront-invalidate'; params: InvalidateParams }
  | { type: 'content-edit'; params: ContentEditParams };

/** A task file that passed validation. */
export type Task = TaskCommon & TypedParams;

export type TaskValidation = { ok: true; task: Task } | { ok: false; problems: Problem[] };

const DEFAULT_CRITERIA: Record<TaskType, string[]> = {
  'hugo-build': ['build_success == true', 'errors == []'],
  'hugo-deploy': ['build_success == true', 'deployment_success == true', 'http_status == 200'],
  'cloudfront-invalidate': ['invalidation_id != null'],
  'content-edit': ['errors == []', 'files_changed > 0'],
};

/**
 * Checks a parsed task file against the task schema (src/task/task-schema.ts), where every rule
 * lives, and reports every problem found, in file order, each with its line. Params are checked
 * by the schema of the task's type as soon as `type` is valid, whatever else is wrong. Pure: the
 * repository is not looked at here (see loadTask).
 */
export function validateTask(file: FrontMatterFile, shownAs: string): TaskValidation {
  const context: ProblemContext = {
    file: shownAs,
    doc: file.doc,
    lineCounter: file.lineCounter,
    knownKeys: (keyPath) => knownKeysAt(keyPath, typed?.type),
  };
  const front = taskFrontMatterSchemaFor(path.basename(shownAs)).safeParse(file.data, FILE_CHECK);
  const typedInput = taskTypeAndParamsSchema.safeParse(file.data, FILE_CHECK);
  const typed = typedInput.success ? parseParams(typedInput.data.type, typedInput.data.params) : undefined;

  const problems: Problem[] = [];
  if (!front.success) {
    problems.push(...problemsFromIssues(front.error.issues, context));
    // The rules between fields wait for every field; criteria need only theirs, so they are reported now too.
    const outputs = taskOutputsSchema.safeParse(file.data, FILE_CHECK);
    if (!outputs.success) {
      const reported = new Set(front.error.issues.map((issue) => issue.path.join('.')));
      problems.push(...problemsFromIssues(outputs.error.issues.filter((issue) => !reported.has(issue.path.join('.'))), context));
    }
  }
  if (typed && !typed.ok) problems.push(...problemsFromIssues(typed.issues, { ...context, pathPrefix: ['params'] }));
  if (!front.success || !typed?.ok) {
    const inFileOrder = problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, problems: inFileOrder.length ? inFileOrder : [fallbackProblem(shownAs)] };
  }
  return { ok: true, task: { ...commonOf(front.data, typed.value.type, file.body), ...typed.value } };
}

type ParamsCheck = { ok: true; type: TaskType; value: TypedParams } | { ok: false; type: TaskType; issues: z.core.$ZodIssue[] };

/** Applies the params schema of `type`; each branch keeps its own params type, so no cast is needed. */
function parseParams(type: TaskType, params: unknown): ParamsCheck {
  switch (type) {
    case 'hugo-build': {
      const parsed = paramsSchemas[type].safeParse(params, FILE_CHECK);
      return parsed.success ? { ok: true, type, value: { type, params: parsed.data } } : { ok: false, type, issues: parsed.error.issues };
    }
    case 'hugo-deploy': {
      const parsed = paramsSchemas[type].safeParse(params, FILE_CHECK);
      return parsed.success ? { ok: true, type, value: { type, params: parsed.data } } : { ok: false, type, issues: parsed.error.issues };
    }
    case 'cloudfront-invalidate': {
      const parsed = paramsSchemas[type].safeParse(params, FILE_CHECK);
      return parsed.success ? { ok: true, type, value: { type, params: parsed.data } } : { ok: false, type, issues: parsed.error.issues };
    }
    case 'content-edit': {
      const parsed = paramsSchemas[type].safeParse(params, FILE_CHECK);
      return parsed.success ? { ok: true, type, value: { type, params: parsed.data } } : { ok: false, type, issues: parsed.error.issues };
    }
  }
}

/** The fields every task has, with the defaults of its type filled in. */
function commonOf(front: TaskFrontMatter, type: TaskType, body: string): TaskCommon {
  const { type: _type, params: _params, ...fields } = front;
  return {
    ...fields,
    expected_outputs: front.expected_outputs ?? [],
    success_criteria: front.success_criteria ?? DEFAULT_CRITERIA[type],
    body,
  };
}

function knownKeysAt(keyPath: readonly PropertyKey[], type: TaskType | undefined): readonly string[] {
  if (keyPath.length === 0) return TASK_FIELDS;
  if (keyPath.length === 1 && keyPath[0] === 'params' && type) return Object.keys(paramsSchemas[type].shape);
  return [];
}

function fallbackProblem(file: string): Problem {
  return { file, field: '(front matter)', expected: 'a valid task', found: 'a task that could not be read' };
}
