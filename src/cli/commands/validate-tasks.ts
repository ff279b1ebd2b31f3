import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { taskFolder } from '../../lifecycle/task-folders.js';
import { loadTask } from '../../task/load-task.js';
import type { Problem } from '../../validation/problem.js';
import { printJson, printProblems, repositoryRelative, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';

interface FileVerdict {
  file: string;
  ok: boolean;
  id?: string;
  type?: string;
  environment?: string;
  problems: Problem[];
}

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const useDefault = parsed.positionals.length === 0;
  const targets = useDefault ? [path.join(context.root, taskFolder('pending'))] : parsed.positionals;
  const files: string[] = [];
  for (const target of targets) {
    const relative = repositoryRelative(context, target);
    const absolute = path.join(context.root, relative);
    const info = await stat(absolute).catch(() => undefined);
    if (useDefault && !info) continue;
    if (info?.isDirectory()) {
      const entries = (await readdir(absolute)).filter((entry) => entry.endsWith('.md')).sort();
      files.push(...entries.map((entry) => path.posix.join(relative, entry)));
    } else {
      files.push(relative);
    }
  }
  // Tasks are checked against handoff.yml's sites; a handoff.yml that does not load fails the check too.
  const config = await loadConfig(context.root);
  if (!config.ok && !context.json) printProblems(context, config.problems);
  const verdicts: FileVerdict[] = [];
  for (const file of files) {
    const loaded = await loadTask(path.join(context.root, file), { repoRoot: context.root, shownAs: file, ...(config.ok ? { config: config.config } : {}) });
    verdicts.push(
      loaded.ok
        ? { file, ok: true, id: loaded.task.id, type: loaded.task.type, environment: loaded.task.environment, problems: [] }
        : { file, ok: false, problems: loaded.problems },
    );
  }
  const ok = config.ok && verdicts.every((verdict) => verdict.ok);
  if (context.json) {
    printJson(context, { ok, files: verdicts, ...(config.ok ? {} : { config_problems: config.problems }) });
  } else {
    for (const verdict of verdicts) {
      if (verdict.ok) context.stdout(`ok: ${verdict.file} (${verdict.type}, ${verdict.environment})\n`);
      else printProblems(context, verdict.problems);
    }
    const bad = verdicts.filter((verdict) => !verdict.ok).length;
    context.stdout(files.length === 0 ? 'no task files to validate\n' : `${files.length - bad} valid, ${bad} invalid\n`);
  }
  return ok ? 0 : 1;
}
