import type { TaskResult } from '../result/task-result.js';
import type { Task } from '../task/validate-task.js';
import type { SourceOutputs } from './task-outputs.js';

/** How long a staging result may be promoted after it finished, unless handoff.yml says otherwise. */
export const DEFAULT_PROMOTE_MAX_AGE_HOURS = 72;

/** A result as found on disk, with where it was. */
export interface FoundTaskResult {
  path: string;
  result: TaskResult;
}

/** Which commit a deploy builds: the checkout as it is, or an earlier commit named by a result. */
export type SourceChoice =
  | { ok: true; kind: 'checkout' }
  | { ok: true; kind: 'commit'; commit: string; outputs: SourceOutputs; log: string }
  | { ok: false; message: string; next_step: string };

/** The commit a result was built from: its recorded source_commit, else the commit it ran on. */
export function sourceCommitOf(result: TaskResult): string | undefined {
  const recorded = result.outputs.source_commit;
  const commit = typeof recorded === 'string' && recorded ? recorded : result.commit;
  return commit && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? commit : undefined;
}

/**
 * The rule, pure: a promote builds its staging result's commit, refused when that result is
 * missing, failed, not a staging deploy, or older than the allowed age; a rollback builds the
 * commit of the deploy it names, which must be a successful deploy of the same environment.
 */
export function chooseSource(
  task: Task,
  lookup: {
    named: FoundTaskResult | undefined;
    current: FoundTaskResult | undefined;
    now: Date;
    promoteMaxAgeHours: number | undefined;
    /** The site the task's results record (absent with one site): a promote or rollback stays within it. */
    site?: string;
  },
): SourceChoice {
  if (task.type !== 'hugo-deploy' || (!task.promote_from && !task.rollback_to)) return { ok: true, kind: 'checkout' };
  if (task.promote_from) {
    const id = task.promote_from;
    const refuse = (why: string): SourceChoice => ({
      ok: false,
      message: `promote refused, nothing deployed: the staging result ${id} ${why}`,
      next_step: 'Escalate: tell the user the staging deploy cannot be promoted; deploy to staging again (handoff wait, then verify it passes) and promote that task.',
    });
    const found = lookup.named;
    if (!found) return refuse('is missing (no results/*/' + id + '.result.md in this checkout)');
    const { result } = found;
    if (result.type !== 'hugo-deploy' || result.environment !== 'staging') return refuse(`is a ${result.type} in ${result.environment}, not a staging hugo-deploy`);
    if (result.site !== lookup.site) return refuse(`is of ${siteShown(result.site)}, not of ${siteShown(lookup.site)}`);
    if (result.status !== 'success') return refuse(`failed (${result.error?.category ?? 'criteria not met'}); only a successful staging deploy can be promoted`);
    const finished = Date.parse(result.finished_at);
    const maxHours = lookup.promoteMaxAgeHours ?? DEFAULT_PROMOTE_MAX_AGE_HOURS;
    if (!Number.isFinite(finished)) return refuse('has no valid finished_at');
    const ageHours = (lookup.now.getTime() - finished) / 3_600_000;
    if (ageHours > maxHours) return refuse(`finished ${ageHours.toFixed(1)} h ago, older than the ${maxHours} h allowed (environments.production.promote_max_age_hours)`);
    const commit = sourceCommitOf(result);
    if (!commit) return refuse('records no source commit');
    return {
      ok: true,
      kind: 'commit',
      commit,
      outputs: { promoted_from: id, promoted_tree_digest: recordedDigest(result) },
      log: `promoting ${id}: building its commit ${commit} with production settings`,
    };
  }
  const id = task.rollback_to ?? '';
  const refuse = (why: string): SourceChoice => ({
    ok: false,
    message: `rollback refused, nothing deployed: ${why}`,
    next_step: 'Escalate: tell the user which deploy could not be rolled back to and why; handoff status lists the recent deploys.',
  });
  const found = lookup.named;
  if (!found) return refuse(`the result of ${id} is missing`);
  const { result } = found;
  if (result.type !== 'hugo-deploy' || result.environment !== task.environment) return refuse(`${id} is a ${result.type} in ${result.environment}, not a ${task.environment} deploy`);
  if (result.site !== lookup.site) return refuse(`${id} is of ${siteShown(result.site)}, not of ${siteShown(lookup.site)}`);
  if (result.status !== 'success') return refuse(`${id} failed; only a successful deploy can be rolled back to`);
  const commit = sourceCommitOf(result);
  if (!commit) return refuse(`${id} records no source commit`);
  const current = lookup.current;
  const from = current ? `${current.result.task_id}${sourceCommitOf(current.result) ? ` (${sourceCommitOf(current.result)})` : ''}` : 'no earlier successful deploy recorded';
  return {
    ok: true,
    kind: 'commit',
    commit,
    outputs: { rolled_back_from: current?.result.task_id ?? null, rolled_back_from_commit: current ? (sourceCommitOf(current.result) ?? null) : null, rolled_back_to: id, rolled_back_to_commit: commit },
    log: `rolling ${task.environment} back from ${from} to ${id} (${commit})`,
  };
}

/** The tree digest a result on disk records (a string, or null when its build made none). */
function recordedDigest(result: TaskResult): string | null {
  const digest = result.outputs.tree_digest;
  return typeof digest === 'string' ? digest : null;
}

function siteShown(site: string | undefined): string {
  return site === undefined ? 'no named site' : `site ${site}`;
}
