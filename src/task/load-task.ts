import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HandoffConfig } from '../config/config-schema.js';
import type { Problem } from '../validation/problem.js';
import { locateField } from '../validation/source-location.js';
import { parseFrontMatter } from './front-matter.js';
import { symlinkOnPath, type SymlinkOnPath } from '../files/symlink-on-path.js';
import { readTaskFile } from './read-task-file.js';
import { checkTaskSite, siteRepositoryOf } from './task-site.js';
import { validateTask, type Task } from './validate-task.js';

export type LoadedTask = { ok: true; task: Task } | { ok: false; problems: Problem[] };

/** What the loader asks of the filesystem beyond reading the file: whether a path resolves inside the repository. */
export interface RepositoryPaths {
  /** The real path (symlinks resolved) of an existing directory, or undefined when it is not one. */
  realDirectory(absolutePath: string): Promise<string | undefined>;
}

export const fileSystemPaths: RepositoryPaths = {
  async realDirectory(absolutePath) {
    try {
      const real = await realpath(absolutePath);
      return (await stat(real)).isDirectory() ? real : undefined;
    } catch {
      return undefined;
    }
  },
};

/**
 * Reads, parses and validates one task file, then checks that the folders it names exist inside
 * the repository, symlinks resolved (a link that leads out of the repository is refused).
 * Never throws for bad input: every problem comes back with the file, line and field.
 */
export async function loadTask(
  absolutePath: string,
  options: {
    repoRoot: string;
    shownAs?: string;
    paths?: RepositoryPaths;
    /** handoff.yml, when it is valid: the task's site is checked against its sites. */
    config?: HandoffConfig;
    /**
     * A checkout of the task's site repository (the workflow's run job): site_path must be a
     * folder inside it. Without one, a site in another repository is not here to look at.
     */
    siteRoot?: string;
  },
): Promise<LoadedTask> {
  const shownAs = options.shownAs ?? (path.relative(options.repoRoot, absolutePath) || absolutePath);
  const link = await symlinkOnPath(options.repoRoot, absolutePath);
  if (link) return { ok: false, problems: [symlinkProblem(shownAs, link)] };
  const read = await readTaskFile(absolutePath, shownAs);
  if (!read.ok) return read;
  const parsed = parseFrontMatter(read.text, shownAs);
  if (!parsed.ok) return parsed;
  const validation = validateTask(parsed.file, shownAs);
  if (!validation.ok) return validation;

  const task = validation.task;
  let siteRepository = 'site_repository' in task.params ? task.params.site_repository : undefined;
  if (options.config) {
    const site = checkTaskSite(task, options.config);
    if (!site.ok) {
      const problems = site.issues.map((issue) => ({
        file: shownAs,
        ...locateField(parsed.file.doc, parsed.file.lineCounter, issue.field),
        field: issue.field.join('.'),
        expected: issue.expected,
        found: issue.found,
      }));
      return { ok: false, problems };
    }
    siteRepository = siteRepositoryOf(task, site.site).repository;
  }
  // A site in another repository is not here to look at: the workflow checks it out and the run
  // checks site_path inside that checkout (siteRoot).
  const siteRoot = options.siteRoot ?? (siteRepository === undefined ? options.repoRoot : undefined);
  if ('site_path' in task.params && siteRoot !== undefined) {
    const paths = options.paths ?? fileSystemPaths;
    const sitePath = task.params.site_path;
    const root = await paths.realDirectory(siteRoot);
    const site = await paths.realDirectory(path.resolve(siteRoot, sitePath));
    const located = locateField(parsed.file.doc, parsed.file.lineCounter, ['params', 'site_path']);
    const base = { file: shownAs, ...located, field: 'params.site_path' };
    if (!site) {
      return { ok: false, problems: [{ ...base, expected: 'an existing folder inside the repository', found: `"${sitePath}", which is not a folder` }] };
    }
    if (!root || (site !== root && !site.startsWith(root + path.sep))) {
      return {
        ok: false,
        problems: [{ ...base, expected: 'a folder inside the repository', found: `"${sitePath}", which leads to ${site} (outside the repository through a symlink)` }],
      };
    }
  }
  return { ok: true, task };
}

/** The problem for a task file reached through a symlink: the file itself, or a folder on its way. */
export function symlinkProblem(shownAs: string, link: SymlinkOnPath): Problem {
  const linked = link.link === shownAs ? 'a symlink' : `in the symlinked folder ${link.link}`;
  return {
    file: shownAs,
    field: '(file)',
    expected: 'a regular file in the repository (not a symlink, not in a symlinked folder)',
    found: `${linked} (-> ${link.target})`,
    hint: 'copy the file into tasks/pending/ instead of linking it',
  };
}
