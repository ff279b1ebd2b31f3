import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { taskFolder } from '../lifecycle/task-folders.js';
import { loadTask } from '../task/load-task.js';
import type { Problem } from '../validation/problem.js';

export interface FileVerdict {
  file: string;
  ok: boolean;
  id?: string;
  type?: string;
  environment?: string;
  problems: Problem[];
}

export interface ValidationReport {
  ok: boolean;
  files: FileVerdict[];
  /** handoff.yml's problems, when it does not load (which fails the check too). */
  config_problems?: Problem[];
}

/**
 * `handoff validate`: checks task files (the given files and folders, repository-relative; by
 * default tasks/pending/) against the schema and handoff.yml's sites, and answers every problem.
 */
export async function validateTasks(request: { root: string; targets: readonly string[]; config: LoadedConfig }): Promise<ValidationReport> {
  const { root, config } = request;
  const useDefault = request.targets.length === 0;
  const targets = useDefault ? [taskFolder('pending')] : request.targets;
  const files: string[] = [];
  for (const relative of targets) {
    const absolute = path.join(root, relative);
    const info = await stat(absolute).catch(() => undefined);
    if (useDefault && !info) continue;
    if (info?.isDirectory()) {
      const entries = (await readdir(absolute)).filter((entry) => entry.endsWith('.md')).sort();
      files.push(...entries.map((entry) => path.posix.join(relative, entry)));
    } else {
      files.push(relative);
    }
  }
  const verdicts: FileVerdict[] = [];
  for (const file of files) {
    const loaded = await loadTask(path.join(root, file), { repoRoot: root, shownAs: file, ...(config.ok ? { config: config.config } : {}) });
    verdicts.push(
      loaded.ok
        ? { file, ok: true, id: loaded.task.id, type: loaded.task.type, environment: loaded.task.environment, problems: [] }
        : { file, ok: false, problems: loaded.problems },
    );
  }
  const ok = config.ok && verdicts.every((verdict) => verdict.ok);
  return { ok, files: verdicts, ...(config.ok ? {} : { config_problems: config.problems }) };
}
