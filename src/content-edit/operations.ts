import * as z from 'zod';

/**
 * The params of a content-edit task: which files (globs under the site's content folder) and the
 * operations applied to them, in order. Field paths are dotted (`params.author`); a key holding a
 * dot cannot be named, which Hugo front matter does not need.
 */
const fieldPath = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'a field path such as `draft` or `params.author` (letters, digits, _ and -, dot-separated)');

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

const listValue = z.union([z.string(), z.number(), z.boolean()]);

/** Globs relative to the content folder; narrow the task's `files` for one operation. */
const files = z.array(z.string().min(1)).min(1).optional();

/** Only pages whose front matter field `field` equals `equals`. */
const where = z.strictObject({ field: fieldPath, equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).optional();

/** A page path relative to a content folder, ending in .md, with `fr:` in front to name the page of one language. */
const pagePath = z.string().regex(/^(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*:)?(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/-]+\.md$/, 'a page path relative to a content folder, ending in .md (no ".."), optionally with its language in front (fr:posts/a.md)');

export const contentOperationSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('set'), field: fieldPath, value: fieldValue, where, files }),
  z.strictObject({ op: z.literal('remove'), field: fieldPath, where, files }),
  z.strictObject({ op: z.literal('rename'), field: fieldPath, to: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a new key name (letters, digits, _ and -)'), where, files }),
  z.strictObject({ op: z.literal('add_to_list'), field: fieldPath, value: listValue, where, files }),
  z.strictObject({ op: z.literal('remove_from_list'), field: fieldPath, value: listValue, where, files }),
  z.strictObject({
    op: z.literal('replace'),
    find: z.string().min(1),
    replace: z.string(),
    regex: z.boolean().optional(),
    /** JavaScript flags besides `g` (always on): i, m, s, u. */
    flags: z.string().regex(/^[imsu]*$/, 'regular expression flags among i, m, s, u').optional(),
    /** The most replacements this operation may make over all files; more is an error, not a cut. */
    max_replacements: z.number().int().min(1).max(1_000_000),
    where,
    files,
  }),
  z.strictObject({ op: z.literal('move'), from: pagePath, to: pagePath }),
]);

export type ContentOperation = z.infer<typeof contentOperationSchema>;
export type FieldOperation = Exclude<ContentOperation, { op: 'replace' } | { op: 'move' }>;
export type ReplaceOperation = Extract<ContentOperation, { op: 'replace' }>;
export type MoveOperation = Extract<ContentOperation, { op: 'move' }>;

export const contentEditParams = {
  site_path: z.string(),
  /** The content folder inside the site (Hugo's contentDir); edits never leave it. */
  content_dir: z.string().optional(),
  /** Globs relative to the content folder, e.g. `posts/**\/*.md`; each must match a file. */
  files: z.array(z.string().min(1)).min(1),
  operations: z.array(contentOperationSchema).min(1).max(100),
  /** Print the diff and change nothing. */
  dry_run: z.boolean().optional(),
  /** Build the site after the edit; the task fails on a failed build or new build errors. */
  build_after: z.boolean().optional(),
  base_url: z.string().optional(),
};

export const DEFAULT_CONTENT_DIR = 'content';
