import type { CriterionResult } from '../criteria/index.js';
import type { ClassifiedError } from '../errors/categories.js';

export type ResultStatus = 'success' | 'failed';

/** What a result file's front matter holds: everything the agent needs without reading logs. */
export interface TaskResult {
  task_id: string;
  type: string;
  environment: string;
  /** The site, in a repository of several (results/latest/<site>/ holds its links); absent with one site. */
  site?: string;
  status: ResultStatus;
  started_at: string;
  finished_at: string;
  duration_seconds: number;
  /** Where the task file ended up (tasks/completed/… or tasks/failed/…). */
  task_file: string;
  outputs: Record<string, unknown>;
  expected_outputs: string[];
  /** Expected outputs the worker did not report. */
  missing_outputs: string[];
  criteria: CriterionResult[];
  error: ClassifiedError | null;
  /** The workflow run that produced it (GitHub), or null for a local run. */
  run_url: string | null;
  /** The commit the task ran on, where known. */
  commit: string | null;
  handoff_version: string;
}
