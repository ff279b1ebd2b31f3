import path from 'node:path';
import type { GitInfo } from '../git/git-info.js';

/**
 * What hugo itself writes inside a site folder: the processed-resources cache, the build lock and
 * the default output folder. They are not the user's changes, so they neither make a work tree
 * "dirty" for a result nor show up as site changes in `handoff submit`.
 */
const HUGO_GENERATED = ['resources/_gen/', '.hugo_build.lock', 'public/'];

/** Whether a repository-relative file is one hugo generated inside the site at `sitePath`. */
export function isHugoGenerated(file: string, sitePath: string): boolean {
  const site = path.posix.normalize(sitePath.split(path.sep).join('/')).replace(/\/$/, '');
  const inSite = site === '.' || site === '' ? file : file.startsWith(`${site}/`) ? file.slice(site.length + 1) : undefined;
  if (inSite === undefined) return false;
  return HUGO_GENERATED.some((generated) => (generated.endsWith('/') ? inSite.startsWith(generated) : inSite === generated));
}

/** handoff's own folders at the repository root: task files, results and its work folder. */
const HANDOFF_FOLDERS = ['tasks/', 'results/', '.handoff/'];

/**
 * Whether an uncommitted file is a change to the site a build would see: neither hugo's own
 * output nor handoff's task, result and work files (which a site at the repository root holds too).
 */
export function isSiteChange(file: string, sitePath: string): boolean {
  return !HANDOFF_FOLDERS.some((folder) => file.startsWith(folder)) && !isHugoGenerated(file, sitePath);
}

/** WorkerTools.isSourceDirty for a work tree: any uncommitted site change (false without git). */
export function workTreeDirtiness(git: Pick<GitInfo, 'uncommittedFiles'>): (sitePath: string) => Promise<boolean> {
  return async (sitePath) => ((await git.uncommittedFiles(sitePath)) ?? []).some((file) => isSiteChange(file, sitePath));
}
