import type { FileChange } from '../content-edit/content-edit.js';
import type { DeployOutputs, InvalidationReport } from '../deploy/deploy.js';
import type { HugoMessage } from '../errors/hugo-message.js';
import type { HugoBuildOutputs } from '../hugo/build.js';
import type { OutputNameOf, TaskType } from '../primitives/task-types.js';

// The outputs each task type's worker reports, as the result file records them (same names). The
// names criteria may use are listed in primitives/task-types.ts; these types say what each holds.
// Type aliases, not interfaces: a result's outputs are also read as a plain record (criteria).

/** A task that never reached its worker (the task file or handoff.yml is invalid): no outputs. */
export type NoOutputs = { [name: string]: never };

/** What a build was measured against: the last good build of the same kind (result/baseline.ts). */
export type BaselineOutputs = { min_file_count: number; baseline_result: string | null; baseline_file_count: number | null };

/** hugo-build: hugo's report, where it ran, what it built from, and (once run-task adds them) the baseline. */
export type BuildTaskOutputs = Omit<HugoBuildOutputs, 'output_dir'> & {
  /** The build folder, relative to the site's checkout. */
  output_dir: string;
  site_path: string;
  source_commit: string | null;
  /** Recorded where the work tree may differ from its commit (a local run). */
  source_dirty?: boolean;
  tree_digest: string | null;
} & Partial<BaselineOutputs>;

/** A promote: the staging result whose commit was built. */
export type PromoteOutputs = { promoted_from: string; promoted_tree_digest: string | null };

/** A rollback: the deploy it replaces and the one whose commit was built. */
export type RollbackOutputs = {
  rolled_back_from: string | null;
  rolled_back_from_commit: string | null;
  rolled_back_to: string;
  rolled_back_to_commit: string;
};

/** Where a promote's or rollback's source came from (none for a deploy of the checkout). */
export type SourceOutputs = PromoteOutputs | RollbackOutputs;

/** The build half of a hugo-deploy (run here, or by the workflow's build job and handed over). */
export type DeployBuildOutputs = BuildTaskOutputs & Partial<PromoteOutputs> & Partial<RollbackOutputs>;

/**
 * hugo-deploy: the build's outputs, then the deploy's. A deploy refused before it built or
 * deployed records only those it got to (a build job's build records none of the deploy's).
 */
export type DeployTaskOutputs = Partial<DeployBuildOutputs> &
  Partial<DeployOutputs> & {
    build_duration_seconds?: number;
    duration_seconds?: number;
    content_type?: string | null;
    dry_run?: boolean;
    summary?: string;
    invalidation_status?: InvalidationReport['status'];
    /** With a reviewed plan: whether the deploy's own plan matched it, and what differed. */
    plan_matched?: boolean;
    plan_differences?: string[];
  };

/** cloudfront-invalidate: the invalidation made (or the one that failed). */
export type InvalidateTaskOutputs = {
  invalidation_id: string | null;
  invalidation_paths: string[];
  invalidation_status: string;
  duration_seconds: number;
};

/** content-edit: what the edit matched and changed, its diff, and the build after it (build_after). */
export type ContentEditTaskOutputs = {
  files_matched: number;
  files_changed: number;
  replacements: number;
  refs_updated: number;
  changes: FileChange[];
  changes_not_shown?: number;
  diff: string;
  errors: string[];
  written: boolean;
  content_dir: string;
  content_dirs: string[];
  dry_run: boolean;
  summary: string;
  build_success?: boolean;
  new_build_errors?: HugoMessage[];
  reverted?: true;
  /** The command that takes a written edit back. */
  undo?: string;
  /** A local dry run left in tasks/pending/: the command that applies it. */
  apply_command?: string;
  duration_seconds: number;
};

export type TaskOutputsByType = {
  'hugo-build': BuildTaskOutputs;
  'hugo-deploy': DeployTaskOutputs;
  'cloudfront-invalidate': InvalidateTaskOutputs;
  'content-edit': ContentEditTaskOutputs;
};

/** Any task's outputs, or none (a task that failed before its worker reported any). */
export type AnyTaskOutputs = TaskOutputsByType[TaskType] | NoOutputs;

/**
 * Compiles only while every output name a task's criteria may use (primitives/task-types.ts) is
 * a field of its type's outputs here: a name added there without its type fails the typecheck.
 */
export type EveryOutputNameTyped = AllTrue<{ [Type in TaskType]: [Exclude<OutputNameOf<Type>, keyof TaskOutputsByType[Type]>] extends [never] ? true : false }>;
type AllTrue<Checks extends Record<TaskType, true>> = Checks;
