import * as z from 'zod';
import { previewSlug } from './preview-slug.js';

/**
 * The branch holding one JSON record per deployed branch. A branch of its own, so nothing is ever
 * committed to the branch being previewed (the agent's next push there is never rejected), and
 * `handoff preview` reads it with a plain git fetch. The dev-deploy workflow's push filter does not
 * match it, and its commits are pushed with GITHUB_TOKEN, which starts no run either way.
 */
export const PREVIEW_RECORD_BRANCH = 'handoff/previews';

export const previewRecordSchema = z.strictObject({
  /** The branch deployed. */
  branch: z.string().min(1),
  /** dev: the default branch, deployed to the dev site; preview: a branch's own folder. */
  kind: z.enum(['dev', 'preview']),
  /** The preview's folder name; null for the dev site. */
  slug: z.string().nullable(),
  /** Where the deployed site is: what people and the agent open. */
  url: z.string(),
  /** The commit that was built and deployed. */
  commit: z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/),
  /** When the deploy finished (ISO 8601, UTC). */
  deployed_at: z.iso.datetime(),
  /** The workflow run that deployed it. */
  run_url: z.string().nullable(),
  bucket: z.string(),
  prefix: z.string(),
  /** The site of handoff.yml's `sites:` form; absent or null with the single-site form. */
  site: z.string().min(1).nullable().optional(),
  /** Files in the deployed site (the build's file count). */
  file_count: z.number().int().min(0).nullable().optional(),
  /** The open pull request of this repository whose head is the branch, when there was one at deploy time. */
  pull_request: z.number().int().positive().nullable().optional(),
});

export type PreviewRecord = z.infer<typeof previewRecordSchema>;

/** Which record: a branch's deploy of one site (site null with the one-site form). */
export interface RecordKey {
  branch: string;
  site?: string | null | undefined;
}

/**
 * The record's file in the record branch: named by slug, so any branch name is a safe file name;
 * with the sites: form in the site's folder (`blog/<slug>.json`), one record per branch and site.
 */
export function recordFileOf(key: RecordKey): string {
  return key.site ? `${key.site}/${previewSlug(key.branch)}.json` : `${previewSlug(key.branch)}.json`;
}

/**
 * The preview folders that record files vouch for, by folder name (the slug), for one site (null:
 * the one-site form's records, at the top of the record branch). Unreadable files vouch too: a
 * record that cannot be read is a problem to look at, not an orphan to delete.
 */
export function vouchedSlugs(recordFiles: readonly string[], site: string | null): Set<string> {
  const folder = site ? `${site}/` : '';
  return new Set(
    recordFiles
      .filter((file) => file.endsWith('.json') && file.startsWith(folder) && !file.slice(folder.length).includes('/'))
      .map((file) => file.slice(folder.length, -'.json'.length)),
  );
}

export function serializeRecord(record: PreviewRecord): string {
  return `${JSON.stringify(previewRecordSchema.parse(record), null, 2)}\n`;
}

export type ParsedRecord = { ok: true; record: PreviewRecord } | { ok: false; message: string };

export function parseRecord(text: string, file: string): ParsedRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${PREVIEW_RECORD_BRANCH}:${file}: expected JSON, found ${(error as Error).message}` };
  }
  const parsed = previewRecordSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${PREVIEW_RECORD_BRANCH}:${file}: field ${issue?.path.join('.') || '(record)'}: ${issue?.message ?? 'invalid'}` };
  }
  if (recordFileOf(parsed.data) !== file) {
    return { ok: false, message: `${PREVIEW_RECORD_BRANCH}:${file}: names branch '${parsed.data.branch}'${parsed.data.site ? ` of site ${parsed.data.site}` : ''}, whose record is ${recordFileOf(parsed.data)}` };
  }
  return { ok: true, record: parsed.data };
}

/**
 * The previews the sweep removes: last deployed more than `maxAgeDays` before `now`. The dev
 * site's record is never among them. Pure.
 */
export function stalePreviews(records: readonly PreviewRecord[], now: Date, maxAgeDays: number): PreviewRecord[] {
  const cutoff = now.getTime() - maxAgeDays * 24 * 60 * 60 * 1000;
  return records.filter((record) => record.kind === 'preview' && Date.parse(record.deployed_at) < cutoff);
}
