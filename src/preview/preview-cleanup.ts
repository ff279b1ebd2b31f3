import type { Git } from '../git/git-runner.js';
import type { S3Store } from '../deploy/s3-store.js';
import { stalePreviews, vouchedSlugs, type PreviewRecord } from './preview-record.js';
import { previewPrefixOf, type PreviewOptions } from './preview-target.js';
import { changeRecords, readRecords } from './record-branch.js';
import { unrecordedFolders, type PreviewFolder, type PreviewFolderLister } from './preview-folders.js';
import { removePreviewObjects, type RemovalReport } from './remove-preview.js';

export interface CleanupDeps {
  git: Git;
  remote: string;
  store: S3Store;
}

export interface BranchRemoval {
  branch: string;
  /** The site (sites: form), null with the one-site form. */
  site: string | null;
  removal: RemovalReport;
  /** The record is removed only with every object: a preview that is still there stays listed. */
  recordRemoved: boolean;
}

/**
 * Removes a deleted branch's preview of one site: its objects (only under the site's
 * previews/<slug>/, under the max-deletes guard), then its record. The dev branch is refused: its
 * site is not a preview.
 */
export async function removeBranchPreview(settings: PreviewOptions, branch: string, devBranch: string, deps: CleanupDeps): Promise<BranchRemoval> {
  if (branch === devBranch) throw new Error(`'${branch}' is the dev branch: its site is never removed as a preview`);
  const removal = await removePreviewObjects(deps.store, previewPrefixOf(settings, branch), settings.maxDeletes);
  const clean = !removal.refused && removal.errors.length === 0;
  let recordRemoved = false;
  if (clean) {
    const pushed = await changeRecords(deps.git, deps.remote, {
      remove: [{ branch, site: settings.site }],
      message: `handoff: preview of ${branch}${settings.site ? ` (site ${settings.site})` : ''} removed (branch deleted) [skip ci]`,
    });
    recordRemoved = pushed.value > 0;
  }
  return { branch, site: settings.site, removal, recordRemoved };
}

export interface SweepDeps extends CleanupDeps {
  folders: PreviewFolderLister;
}

export interface UnrecordedRemoval {
  folder: PreviewFolder;
  removal: RemovalReport;
}

export interface SweepReport {
  /** Records older than the age limit. */
  stale: PreviewRecord[];
  removals: BranchRemoval[];
  /** Folders no record vouched for, older than the grace period, and what removing each did. */
  unrecorded: UnrecordedRemoval[];
  /** Record files that could not be read (left alone, named). */
  problems: string[];
}

/**
 * One site's sweep (the one-site form's previews, or one site of sites:). Removes previews last
 * deployed more than previews.max_age_days ago: each one's objects, then
 * all their records in one commit. The folder comes from the record's branch, never from the
 * record's own prefix field, so an edited record cannot point the sweep elsewhere. Then removes
 * the folders under the previews prefix that no record file vouches for (a deploy whose record
 * push failed) once previews.unrecorded_grace_hours have passed since anything was written there.
 * Without a record branch nothing is swept: no records at all is a setup to look at, not a
 * bucket of orphans.
 */
export async function sweepPreviews(settings: PreviewOptions, now: Date, deps: SweepDeps): Promise<SweepReport> {
  const snapshot = await readRecords(deps.git, deps.remote);
  if (!snapshot) return { stale: [], removals: [], unrecorded: [], problems: [] };
  const ofSite = snapshot.records.filter((record) => (record.site ?? null) === settings.site);
  const stale = stalePreviews(ofSite, now, settings.maxAgeDays);
  const removals: BranchRemoval[] = [];
  for (const record of stale) {
    const removal = await removePreviewObjects(deps.store, previewPrefixOf(settings, record.branch), settings.maxDeletes);
    removals.push({ branch: record.branch, site: settings.site, removal, recordRemoved: false });
  }
  const cleared = removals.filter((entry) => !entry.removal.refused && entry.removal.errors.length === 0);
  if (cleared.length > 0) {
    await changeRecords(deps.git, deps.remote, {
      remove: cleared.map((entry) => ({ branch: entry.branch, site: entry.site })),
      message: `handoff: ${cleared.length} preview${cleared.length === 1 ? '' : 's'}${settings.site ? ` of site ${settings.site}` : ''} older than ${settings.maxAgeDays} days removed [skip ci]`,
    });
    for (const entry of cleared) entry.recordRemoved = true;
  }
  const unrecorded: UnrecordedRemoval[] = [];
  for (const folder of unrecordedFolders(await deps.folders.foldersUnder(settings.previewPrefix), vouchedSlugs(snapshot.files, settings.site), now, settings.unrecordedGraceHours)) {
    unrecorded.push({ folder, removal: await removePreviewObjects(deps.store, folder.prefix, settings.maxDeletes) });
  }
  return { stale, removals, unrecorded, problems: snapshot.problems };
}
