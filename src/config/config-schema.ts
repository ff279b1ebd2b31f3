import * as z from 'zod';
import { compileGlob } from '../primitives/glob.js';
import { httpUrlProblem } from '../validation/http-url.js';
import { describeValue } from '../validation/problem.js';
import type { ProblemParams } from '../validation/zod-problems.js';
import { siteConfigIssues } from './site-overlap.js';

function isGlob(pattern: string): boolean {
  try {
    compileGlob(pattern);
    return true;
  } catch {
    return false;
  }
}

/** An absolute http(s) URL (a site's address, an S3-compatible endpoint), refused at its line otherwise. */
function httpUrl(options: { orEmpty?: boolean } = {}): z.ZodString {
  return z.string().superRefine((value, context) => {
    if (options.orEmpty && value === '') return;
    const expected = httpUrlProblem(value);
    if (!expected) return;
    const params: ProblemParams = { expected, found: describeValue(value) };
    context.addIssue({ code: 'custom', message: expected, params });
  });
}

/** The most uploads one deploy keeps in flight (handoff.yml's upload_concurrency, the deploy action's concurrency). */
export const MAX_UPLOAD_CONCURRENCY = 256;

/**
 * Settings of one environment that do not change per task. Nothing secret belongs here: AWS
 * credentials come from the standard chain (OIDC web identity on GitHub, a profile or
 * environment variables locally).
 */
export const environmentConfigSchema = z.strictObject({
  /** Hugo's --baseURL for builds of this environment, and the default site URL. */
  base_url: httpUrl().optional(),
  /** The URL the live check fetches after a deploy; defaults to base_url. */
  site_url: httpUrl().optional(),
  bucket: z.string().optional(),
  /** Key prefix inside the bucket ("" for the bucket root). */
  key_prefix: z.string().optional(),
  region: z.string().optional(),
  /** S3-compatible endpoint (a local server, MinIO, R2); empty or unset for AWS. */
  s3_endpoint: httpUrl({ orEmpty: true }).optional(),
  s3_force_path_style: z.boolean().optional(),
  /** `when-required` for S3-compatible servers that reject the SDK's default checksums. */
  checksum_mode: z.enum(['when-supported', 'when-required']).optional(),
  distribution_id: z.string().optional(),
  /** The IAM role the GitHub workflow assumes through OIDC for this environment. */
  role_arn: z.string().optional(),
  max_deletes: z.number().int().min(0).optional(),
  upload_concurrency: z.number().int().min(1).max(MAX_UPLOAD_CONCURRENCY).optional(),
  /** List a bucket of more than a page in ranges at once, cut at the site's own keys (default true; false: page after page). */
  parallel_listing: z.boolean().optional(),
  /** Production only: allow deploys when the GitHub environment has no required reviewers. */
  allow_unprotected: z.boolean().optional(),
  /**
   * A role that may list and read the bucket but not write it: the workflow's preview job
   * assumes it to compute the exact plan before anyone approves.
   */
  plan_role_arn: z.string().optional(),
  /** Production only: a staging deploy older than this many hours cannot be promoted (default 72). */
  promote_max_age_hours: z.number().positive().optional(),
});

/**
 * When a staging deploy needs the user's go-ahead (`handoff plan` answers ask-user): the guide's
 * "minor changes: inform; significant: ask", as numbers.
 */
export const approvalConfigSchema = z.strictObject({
  /** Ask when more than this share (0..1) of the site's files changes (default 0.2). */
  max_changed_share: z.number().min(0).max(1).optional(),
  /** Ask when the deploy deletes anything (default true). */
  ask_on_deletes: z.boolean().optional(),
  /** Ask when an HTML page is removed (default true). */
  ask_on_pages_removed: z.boolean().optional(),
  /** Ask when templates, themes or the Hugo config changed since the last deploy (default true). */
  ask_on_template_changes: z.boolean().optional(),
});

/**
 * How the GitHub workflow treats this repository. The workflow file's own `on.push.branches`
 * starts runs; `branches` here is what the plan accepts, so a branch added to the trigger by
 * mistake still plans nothing.
 */
export const workflowConfigSchema = z.strictObject({
  /** Branches whose pushed tasks the workflow runs (default: every branch the workflow starts on). */
  branches: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Repositories (owner/name) a task may name in params.site_repository. A task naming any other
   * is refused: the run job would check it out with the token below and deploy what it builds.
   */
  site_repositories: z.array(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name')).optional(),
  /**
   * The name (not the value) of the Actions secret holding a read-only token for those
   * repositories: a fine-grained token with Contents: read, or a GitHub App installation token.
   */
  site_repository_token_secret: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a secret name (letters, digits, _)').optional(),
});

/**
 * Dev previews (the dev-deploy workflow): the default branch deploys the dev site
 * (environments.dev); every other branch matching `branches` deploys to `<prefix><slug>/` in the
 * dev bucket, built with its own base URL. Read from the default branch, never from the branch
 * being previewed, so a branch cannot move its own preview onto the dev site.
 */
export const previewsConfigSchema = z.strictObject({
  /**
   * Key prefix in the dev bucket that holds one folder per branch (default previews/); with the
   * sites: form, inside each site's environments.dev.key_prefix.
   */
  prefix: z
    .string()
    .regex(/^\/?(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\/?$/, 'a key prefix of plain segments, such as previews/ (no empty, . or .. segments)')
    .optional(),
  /**
   * A preview's base URL, with {slug} where the branch's folder goes and, with several sites,
   * {site} where the site's name goes (default: the site's dev base_url + prefix + {slug}/).
   */
  base_url: z
    .string()
    .regex(/^https?:\/\/[^\s{}]*(?:\{site\}[^\s{}]*)?\{slug\}[^\s{}]*$|^https?:\/\/[^\s{}]*\{slug\}[^\s{}]*\{site\}[^\s{}]*$/, 'an http(s) URL holding {slug} once (and {site} at most once), such as https://dev.example.com/previews/{slug}/')
    .optional(),
  /** Branches that get a preview (globs: * within a segment, ** across slashes; default claude/**). */
  branches: z
    .array(
      z.string().min(1).refine(isGlob, { params: { expected: "a branch pattern such as 'claude/**' (* within a segment, ** across slashes, {a,b})" } }),
    )
    .min(1)
    .optional(),
  /** The sweep removes previews last deployed more than this many days ago (default 14). */
  max_age_days: z.number().int().min(1).max(3650).optional(),
  /**
   * The sweep removes a preview folder no record on handoff/previews vouches for (its record push
   * failed) once its newest object is this many hours old (default 24): time for a deploy still
   * running to record itself.
   */
  unrecorded_grace_hours: z.number().int().min(1).max(8760).optional(),
  /** Most objects the removal of one preview may delete (default environments.dev.max_deletes, else 256). */
  max_deletes: z.number().int().min(0).optional(),
});

/** A header's value: one line, as HTTP sends it. */
const headerValue = z.string().min(1).regex(/^[^\u0000-\u001f\u007f]*$/, 'a header value on one line, without control characters');

/**
 * One header rule (handoff.yml's `headers`): hugo deploy's `[[deployment.matchers]]` in
 * handoff.yml's spelling, with a glob for the path where hugo has a Go regular expression. The
 * key is `path`, not `pattern`, so a matcher copied over unchanged is refused rather than read as
 * a glob. How these rules and the site's matchers combine: createHeaderRules (deploy/headers.ts).
 */
export const headerRuleConfigSchema = z
  .strictObject({
    /** Site paths the rule applies to (globs as in glob.ts: `**\/*.html`, `*.css`, `images/**`). */
    path: z.string().min(1).refine(isGlob, { params: { expected: "a glob of site paths such as '**/*.html', '*.css' or 'images/**'" } }),
    cache_control: headerValue.optional(),
    content_type: headerValue.optional(),
    /** gzip: handoff stores the file compressed, with Content-Encoding: gzip. */
    content_encoding: z.enum(['gzip']).optional(),
    /** Upload matching files on every deploy, changed or not. */
    force: z.boolean().optional(),
  })
  .refine((rule) => rule.cache_control !== undefined || rule.content_type !== undefined || rule.content_encoding !== undefined || rule.force !== undefined, {
    params: { expected: 'at least one of cache_control, content_type, content_encoding, force', found: 'a rule that sets nothing' },
  });

export const environmentsConfigSchema = z.strictObject({
  dev: environmentConfigSchema.optional(),
  staging: environmentConfigSchema.optional(),
  production: environmentConfigSchema.optional(),
});

/** A site name: it appears in task files, result links, concurrency groups and GitHub environment names. */
export const SITE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * One site of a repository that serves several: where its Hugo source is, and where each of its
 * environments deploys. Its objects live only under its environments' bucket + key_prefix.
 */
export const siteConfigSchema = z.strictObject({
  /** The Hugo site's folder: in this repository, or inside `repository` when that is set. */
  path: z.string().min(1),
  /** owner/name of another repository holding the site; the workflow checks it out read-only. */
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name').optional(),
  /** Branch, tag or commit of `repository` (default: its default branch); a task's params.site_ref may name another. */
  ref: z.string().regex(/^[A-Za-z0-9._/-]{1,255}$/, 'a branch, tag or commit').optional(),
  /** The secret with a read-only token for `repository` (default: workflow.site_repository_token_secret). */
  token_secret: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a secret name (letters, digits, _)').optional(),
  environments: environmentsConfigSchema.optional(),
  /** Header rules for this site's deploys (see headerRuleConfigSchema). */
  headers: z.array(headerRuleConfigSchema).optional(),
});

export const configSchema = z
  .strictObject({
    /** Default `params.site_path` for new tasks. */
    site_path: z.string().optional(),
    /** Default `requested_by` for new tasks. */
    requested_by: z.string().optional(),
    /** The Hugo release the GitHub workflow installs (verified against Hugo's checksum file), e.g. 0.169.0. */
    hugo_version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a Hugo release such as 0.169.0').optional(),
    environments: environmentsConfigSchema.optional(),
    /** Header rules for deploys, per path glob, before the site's own [deployment] matchers (see headerRuleConfigSchema). */
    headers: z.array(headerRuleConfigSchema).optional(),
    /** Several sites, by name (see src/config/sites.ts); instead of the one-site site_path + environments. */
    sites: z.record(z.string().regex(SITE_NAME_PATTERN, 'a site name: lowercase letters, digits and -'), siteConfigSchema).optional(),
    workflow: workflowConfigSchema.optional(),
    approval: approvalConfigSchema.optional(),
    previews: previewsConfigSchema.optional(),
    /** How the shipped criteria judge a build against the last successful one of its type and environment (and site). */
    criteria: z
      .strictObject({
        /** `min_file_count` is this share of the baseline's file_count, rounded up (default 0.9). */
        min_file_count_ratio: z.number().gt(0).max(1).optional(),
      })
      .optional(),
  })
  .superRefine((config, context) => {
    for (const issue of siteConfigIssues(config)) context.addIssue({ code: 'custom', path: issue.path, message: issue.expected, params: issue });
  });

export type HandoffConfig = z.infer<typeof configSchema>;
export type SiteConfig = z.infer<typeof siteConfigSchema>;
export type EnvironmentsConfig = z.infer<typeof environmentsConfigSchema>;
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;
export type WorkflowConfig = z.infer<typeof workflowConfigSchema>;
export type ApprovalConfig = z.infer<typeof approvalConfigSchema>;
export type PreviewsConfig = z.infer<typeof previewsConfigSchema>;
export type HeaderRuleConfig = z.infer<typeof headerRuleConfigSchema>;
