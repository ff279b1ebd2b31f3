/**
 * The kinds of task a worker runs, and the outputs each one reports. Criteria and
 * expected_outputs may only name these outputs, so a typo is caught when the task is written,
 * not after a deploy.
 */
export const TASK_TYPES = ['hugo-build', 'hugo-deploy', 'cloudfront-invalidate', 'content-edit'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const ENVIRONMENTS = ['dev', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const BUILD_OUTPUTS = [
  'build_success',
  'errors',
  'warnings',
  'file_count',
  'duration_seconds',
  'hugo_version',
  'output_dir',
  'site_path',
  // From the last successful result of the same type and environment (the baseline), if any.
  'min_file_count',
  'baseline_result',
  'baseline_file_count',
  // Provenance: the commit built, whether the work tree had uncommitted site changes (then the
  // commit alone does not name what was built, the digest does), and a digest of the built tree.
  'source_commit',
  'source_dirty',
  'tree_digest',
] as const;

const INVALIDATION_OUTPUTS = ['invalidation_id', 'invalidation_paths', 'invalidation_status'] as const;

const DEPLOY_OUTPUTS = [
  'deployment_success',
  'uploaded_files',
  'skipped_files',
  'deleted_files',
  'bytes_uploaded',
  'invalidation_id',
  'invalidation_paths',
  'invalidation_status',
  'http_status',
  'content_type',
  'url',
  'dry_run',
  'summary',
  // A promote or rollback: what was deployed instead of the checkout, and from where.
  'promoted_from',
  'promoted_tree_digest',
  'rolled_back_from',
  'rolled_back_from_commit',
  'rolled_back_to',
  'rolled_back_to_commit',
  // The reviewed plan against the live bucket, and what differed from it at deploy time.
  'plan_matched',
  'plan_differences',
] as const;

const CONTENT_EDIT_OUTPUTS = [
  'files_matched',
  'files_changed',
  'replacements',
  'refs_updated',
  'changes',
  'diff',
  'errors',
  'dry_run',
  'written',
  'content_dir',
  'duration_seconds',
  'build_success',
  'new_build_errors',
  'summary',
] as const;

const OUTPUT_NAMES = {
  'hugo-build': BUILD_OUTPUTS,
  'hugo-deploy': [...BUILD_OUTPUTS, 'build_duration_seconds', ...DEPLOY_OUTPUTS] as const,
  'cloudfront-invalidate': [...INVALIDATION_OUTPUTS, 'duration_seconds'] as const,
  'content-edit': CONTENT_EDIT_OUTPUTS,
};

/** The output names a task of this type may name (worker/task-outputs.ts types each one). */
export type OutputNameOf<T extends TaskType> = (typeof OUTPUT_NAMES)[T][number];

export const OUTPUTS_BY_TYPE: Record<TaskType, readonly string[]> = OUTPUT_NAMES;

/** Task types that change what a live site serves: in production they need the typed confirmation. */
export const CHANGES_LIVE_SITE: ReadonlySet<TaskType> = new Set(['hugo-deploy', 'cloudfront-invalidate']);

export const PRODUCTION_CONFIRMATION = 'DEPLOY TO PRODUCTION';
