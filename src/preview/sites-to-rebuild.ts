import { CONFIG_FILE } from '../config/load-config.js';
import { TASKS_DIR } from '../lifecycle/task-folders.js';
import { RESULTS_DIR } from '../result/result-paths.js';
import type { PreviewOptions } from './preview-target.js';

/** handoff's own bookkeeping folders: a task file or a result changes no site. */
const BOOKKEEPING_FOLDERS: readonly string[] = [`${TASKS_DIR}/`, `${RESULTS_DIR}/`];

/** One site a push rebuilds, and why: what the job summary and the plan step's log say. */
export interface SiteToRebuild {
  settings: PreviewOptions;
  reason: string;
}

/**
 * The sites a push (or pull request) rebuilds, from the paths it changed. Pure. The one rule:
 * - the one-site form always rebuilds its site, as it did before handoff knew about sites;
 * - without a list of changed paths (no base to compare with: a branch's first push whose fork
 *   point is unknown, a force push), every site;
 * - handoff.yml changed: every site (their settings may have);
 * - a path inside a site's folder: that site;
 * - tasks/ and results/ (handoff's own files): no site;
 * - any other path outside every site's folder (a theme or data shared through `../`, go.mod,
 *   package.json, .github/): every site, since Hugo may read it from any of them; a site is never
 *   left stale to save a build.
 */
export function sitesToRebuild(sites: readonly PreviewOptions[], changedPaths: readonly string[] | undefined): SiteToRebuild[] {
  if (sites.every((site) => site.site === null)) return sites.map((settings) => ({ settings, reason: 'the one-site form rebuilds on every push' }));
  if (changedPaths === undefined) return sites.map((settings) => ({ settings, reason: 'no base commit to compare with: every site' }));
  const reasons = new Map<PreviewOptions, string>();
  const everySite = (why: string) => {
    for (const site of sites) if (!reasons.has(site)) reasons.set(site, why);
  };
  for (const changed of changedPaths) {
    if (changed === CONFIG_FILE) {
      everySite(`${CONFIG_FILE} changed`);
      continue;
    }
    const owners = sites.filter((site) => isInsideFolder(changed, site.sitePath));
    for (const owner of owners) if (!reasons.has(owner)) reasons.set(owner, `${changed} changed`);
    if (owners.length > 0 || BOOKKEEPING_FOLDERS.some((folder) => changed.startsWith(folder))) continue;
    everySite(`${changed} (outside every site's folder) changed`);
  }
  return sites.filter((site) => reasons.has(site)).map((settings) => ({ settings, reason: reasons.get(settings)! }));
}

/** Whether a repository-relative path lies in a folder (`.` holds everything). */
function isInsideFolder(file: string, folder: string): boolean {
  const normalized = folder.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return normalized === '' || normalized === '.' || file.startsWith(`${normalized}/`);
}
