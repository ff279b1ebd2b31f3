import type { DeployOutputs, DeployReport, DeployOptions, DeployState } from './deploy-types.js';
import { summarizePlan } from './plan.js';

/** The deploy's report from its state, whether it got to the end or stopped at a failure. */
export function buildReport(
  settings: DeployOptions,
  state: DeployState,
  context: { dryRun: boolean; warnings: string[]; durationMs: number },
): DeployReport {
  const uploaded = state.executed?.uploaded.length ?? 0;
  const deleted = state.executed?.deleted.length ?? 0;
  const skipped = state.plan?.skipped ?? 0;
  const durationSeconds = Math.round(context.durationMs) / 1000;
  const outputs: DeployOutputs = {
    deployment_success: !state.failure,
    uploaded_files: uploaded,
    skipped_files: skipped,
    deleted_files: deleted,
    bytes_uploaded: state.executed?.bytesUploaded ?? 0,
    invalidation_id: state.invalidation.id,
    invalidation_paths: state.invalidation.paths,
    http_status: state.liveCheck?.[0]?.http_status ?? null,
    url: settings.url,
    duration_seconds: durationSeconds,
  };

  const total = state.files.length + (state.plan?.deletes.length ?? 0);
  const changed = uploaded + deleted;
  const share = total === 0 ? 0 : (changed / total) * 100;
  const shareText = changed > 0 && share < 1 ? '<1%' : `${Math.round(share)}%`;
  const counts = context.dryRun
    ? `would upload ${uploaded}, skip ${skipped}, delete ${deleted} (${shareText} changed)`
    : `uploaded ${uploaded}, skipped ${skipped}, deleted ${deleted} (${shareText} changed)`;
  const time = `in ${durationSeconds.toFixed(1)} s`;
  const summary = state.failure
    ? `${context.dryRun ? 'dry run ' : 'deploy '}failed in ${state.failure.phase}: ${state.failure.message} (${counts} ${time})`
    : `${context.dryRun ? 'dry run: ' : ''}${counts} ${time}`;

  const report: DeployReport = {
    outputs,
    summary,
    dryRun: context.dryRun,
    plan: state.plan ? summarizePlan(state.plan, state.originsOf) : null,
    invalidation: state.invalidation,
    liveCheck: state.liveCheck,
    ignored: state.ignored,
    warnings: context.warnings,
  };
  if (state.failure) report.failure = state.failure;
  return report;
}
