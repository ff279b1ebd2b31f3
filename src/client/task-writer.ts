import { rm } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { HandoffConfig } from '../config/config-schema.js';
import { writeNewTaskFile, type TaskCandidate } from '../lifecycle/new-task-file.js';
import { loadTask } from '../task/load-task.js';
import { formatTimestamp } from '../task/task-id.js';
import type { Task } from '../task/validate-task.js';
import type { Problem } from '../validation/problem.js';

/*
 * The one writer of the tasks handoff makes itself: `handoff new` (from a template), promote and
 * rollback (from an earlier result). Each stamps its task here, writes it here under a free id,
 * and keeps it only when it validates, so every such task carries the same `created` format, the
 * same requested_by default and the same front-matter order, whichever command wrote it.
 */

/** Who asked, when handoff.yml's requested_by does not say: the agent handoff is written for. */
const DEFAULT_REQUESTED_BY = 'claude-code';

/** What every task handoff writes is stamped with. */
export interface TaskStamps {
  /** `YYYY-MM-DD-HHMM` (UTC), the start of the task's id. */
  timestamp: string;
  /** UTC to the second, `2026-01-19T14:30:00Z`. */
  created: string;
  requested_by: string;
}

export function taskStamps(now: Date, config: HandoffConfig | undefined): TaskStamps {
  return {
    timestamp: formatTimestamp(now),
    created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    requested_by: config?.requested_by ?? DEFAULT_REQUESTED_BY,
  };
}

/**
 * The order of a task's front matter, as the bundled templates write it (`handoff new` adds
 * `site` after `environment`): what a task is first, then who asked when, then its own fields,
 * then what it does and how it is judged.
 */
const LEADING_FIELDS = ['id', 'type', 'environment', 'site', 'description', 'created', 'requested_by', 'git_branch'];
const TRAILING_FIELDS = ['params', 'expected_outputs', 'success_criteria'];

/** A task file's text from its front matter (put in the templates' order) and its body. */
export function taskFileText(front: Record<string, unknown>, body: string): string {
  const keys = Object.keys(front);
  const ordered = [
    ...LEADING_FIELDS.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !LEADING_FIELDS.includes(key) && !TRAILING_FIELDS.includes(key)),
    ...TRAILING_FIELDS.filter((key) => keys.includes(key)),
  ];
  const data = Object.fromEntries(ordered.map((key) => [key, front[key]]));
  return `---\n${stringify(data, { lineWidth: 0 })}---\n\n${body}`;
}

export type WrittenTask =
  | { ok: true; id: string; path: string; task: Task; discard(): Promise<void> }
  /** Every id tried is another task's (only the first is tried unless `distinct`). */
  | { ok: false; reason: 'id-taken'; id: string; path: string; usedBy: string }
  /** Written, did not validate, removed again. */
  | { ok: false; reason: 'invalid'; path: string; problems: Problem[] };

/**
 * Writes a new task into tasks/pending/ under a free id (lifecycle/new-task-file.ts: numbered
 * when `distinct`) and validates it as a worker would; one that does not validate is removed, so
 * no half-made task stays behind.
 */
export async function writeTask(root: string, candidate: TaskCandidate, options: { distinct: boolean; config: HandoffConfig | undefined }): Promise<WrittenTask> {
  const written = await writeNewTaskFile(root, candidate, { distinct: options.distinct });
  if (!written.ok) return { ok: false, reason: 'id-taken', id: written.id, path: written.path, usedBy: written.usedBy };
  const absolute = path.join(root, written.path);
  const discard = () => rm(absolute, { force: true });
  const check = await loadTask(absolute, { repoRoot: root, shownAs: written.path, ...(options.config ? { config: options.config } : {}) });
  if (!check.ok) {
    await discard();
    return { ok: false, reason: 'invalid', path: written.path, problems: check.problems };
  }
  return { ok: true, id: written.id, path: written.path, task: check.task, discard };
}
