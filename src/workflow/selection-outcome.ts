import type { ProtectionCheck } from '../github/production-gate.js';
import type { Task } from '../task/validate-task.js';
import type { Problem } from '../validation/problem.js';
import type { MatrixTask } from './matrix.js';
import type { PushedTasks } from './pushed-tasks.js';
import type { TrustedConfig } from './trusted-config.js';

/* What the claim job of a workflow run decided (selectTasks), as the claim action and its summary read it. */

/** A message for the log and, with a file, an annotation on the task file's line. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  title: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface RefusedTask {
  /** tasks/pending/<file>, as pushed. */
  file: string;
  taskId: string;
  stage: 'validation' | 'configuration' | 'production-gate';
  message: string;
}

/** What a reviewer must see before approving a production deploy. */
export interface ProductionNotice {
  task: Task;
  productionUrl: string | undefined;
  protection: ProtectionCheck;
  /** The newest staging deploy's counts, the best guess of the uploads and deletes before AWS is reachable. */
  stagingResult: { path: string; uploaded?: unknown; deleted?: unknown; skipped?: unknown; finishedAt?: unknown } | undefined;
}

export type SelectionOutcome =
  | { kind: 'config-invalid'; problems: Problem[]; annotations: Annotation[] }
  | { kind: 'branch-not-listed'; branch: string; branches: string[] }
  | {
      kind: 'planned';
      source: PushedTasks | { kind: 'dispatch'; files: string[] };
      /** Every task file looked at, and whether this push brought it. */
      considered: Array<{ file: string; pushed: boolean }>;
      tasks: MatrixTask[];
      refused: RefusedTask[];
      skipped: Array<{ file: string; reason: string }>;
      production: ProductionNotice[];
      annotations: Annotation[];
      /** The commit the run jobs check out: the claim commit, or the head when nothing was claimed. */
      commit: string;
      /** Where the gates and deploy targets were read from, or why they could not be. */
      gates: TrustedConfig;
    };

/** A problem of a file, as an error annotation on its line. */
export function problemAnnotation(problem: Problem, title: string): Annotation {
  return {
    level: 'error',
    title,
    message: `${problem.field}: expected ${problem.expected}; found ${problem.found}${problem.hint ? ` (${problem.hint})` : ''}`,
    file: problem.file,
    ...(problem.line !== undefined ? { line: problem.line } : {}),
    ...(problem.column !== undefined ? { column: problem.column } : {}),
  };
}

/** The line of a front matter key, for annotating a refusal that is about that field. */
export function lineOfKey(text: string, key: string): number | undefined {
  if (!key) return undefined;
  const index = text.split(/\r?\n/).findIndex((line) => new RegExp(`^\\s*${key}\\s*:`).test(line));
  return index === -1 ? undefined : index + 1;
}
