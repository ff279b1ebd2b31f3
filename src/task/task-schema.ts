import * as z from 'zod';
import { SITE_NAME_PATTERN } from '../config/config-schema.js';
import { contentEditParams } from '../content-edit/operations.js';
import { ENVIRONMENTS, TASK_TYPES } from './task-types.js';

/**
 * The front matter of a task file. Params are checked by a schema of their own, chosen by `type`,
 * so their errors speak of the fields that type really takes.
 */
export const taskFrontMatterSchema = z.strictObject({
  id: z.string(),
  type: z.enum(TASK_TYPES),
  environment: z.enum(ENVIRONMENTS),
  /** The site of handoff.yml's `sites:` this task is for; optional where there is one site. */
  site: z.string().regex(SITE_NAME_PATTERN, 'a site name: lowercase letters, digits and -').optional(),
  description: z.string().trim().min(1, 'a non-empty description').max(500),
  created: z.string(),
  requested_by: z.string().min(1).max(100).optional(),
  git_branch: z.string().min(1).max(255).optional(),
  params: z.record(z.string(), z.unknown()),
  expected_outputs: z.array(z.string()).optional(),
  success_criteria: z.array(z.string()).optional(),
  confirmation: z.string().optional(),
  changes_summary: z.string().optional(),
  staging_url: z.string().optional(),
  /** A production hugo-deploy that builds the commit of this successful staging deploy (handoff promote). */
  promote_from: z.string().optional(),
  /** A hugo-deploy that redeploys the commit of this earlier successful deploy (handoff rollback). */
  rollback_to: z.string().optional(),
});

export type TaskFrontMatter = z.infer<typeof taskFrontMatterSchema>;

const buildParams = {
  /** A site kept in another repository (owner/name), checked out read-only by the GitHub workflow. */
  site_repository: z.string().optional(),
  /** The branch, tag or commit of site_repository to build (default: its default branch). */
  site_ref: z.string().optional(),
  site_path: z.string(),
  base_url: z.string().optional(),
  hugo_environment: z.string().optional(),
  minify: z.boolean().optional(),
  build_drafts: z.boolean().optional(),
  build_future: z.boolean().optional(),
  build_expired: z.boolean().optional(),
};

const deployParams = {
  ...buildParams,
  dry_run: z.boolean().optional(),
  max_deletes: z.number().int().min(0).optional(),
  invalidate: z.boolean().optional(),
  wait_for_invalidation: z.boolean().optional(),
  check_paths: z.array(z.string()).optional(),
};

const invalidateParams = {
  paths: z.array(z.string()).min(1),
  wait_for_invalidation: z.boolean().optional(),
};

export const paramsSchemas = {
  'hugo-build': z.strictObject(buildParams),
  'hugo-deploy': z.strictObject(deployParams),
  'cloudfront-invalidate': z.strictObject(invalidateParams),
  'content-edit': z.strictObject(contentEditParams),
} as const;

export type HugoBuildParams = z.infer<(typeof paramsSchemas)['hugo-build']>;
export type HugoDeployParams = z.infer<(typeof paramsSchemas)['hugo-deploy']>;
export type InvalidateParams = z.infer<(typeof paramsSchemas)['cloudfront-invalidate']>;
export type ContentEditParams = z.infer<(typeof paramsSchemas)['content-edit']>;
