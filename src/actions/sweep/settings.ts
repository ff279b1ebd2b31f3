import { ACTIONS_BOT, type GitIdentity } from '../../git/git-runner.js';
import { branchOfRef } from '../../github/push-event.js';
import { DEFAULT_CLAIM_TIMEOUT_MINUTES } from '../../workflow/sweep-claims.js';
import { booleanInput, integerInput, pathInput, stringInput } from '../inputs.js';
import { readJobContext, SettingsError, type JobContext } from '../job-context.js';

/** Everything the sweep action needs, read once from its inputs and the job's GITHUB_* variables. */
export interface SweepSettings {
  job: JobContext;
  repoRoot: string;
  remote: string;
  branch: string;
  timeoutMinutes: number;
  maxClaims: number;
  /** The run whose task jobs have all ended (the workflow's last job passes github.run_id). */
  finishedRunId: string | undefined;
  /** That run was cancelled: its unrecorded claims are failed, not requeued. */
  finishedRunCancelled: boolean;
  /** A workflow file to dispatch when tasks were requeued, so they run without waiting for the schedule. */
  dispatchWorkflow: string | undefined;
  /** Move the checkout to the sweep's commit, so a claim step after it sees the requeued tasks. */
  updateCheckout: boolean;
  token: string;
  identity: GitIdentity;
  env: NodeJS.ProcessEnv;
}

export function readSweepSettings(env: NodeJS.ProcessEnv = process.env): SweepSettings {
  const job = readJobContext(env);
  const branch = stringInput('branch') || branchOfRef(job.ref) || job.refName;
  if (!branch) throw new SettingsError("Input 'branch' is empty and this run is not on a branch.");
  const dispatchWorkflow = stringInput('dispatch-workflow') || undefined;
  if (dispatchWorkflow !== undefined && !/^[A-Za-z0-9._-]+\.ya?ml$/.test(dispatchWorkflow)) {
    throw new SettingsError(`Invalid input 'dispatch-workflow': '${dispatchWorkflow}'. Expected a workflow file name such as tasks.yml.`);
  }
  const finishedRunId = stringInput('finished-run-id') || undefined;
  if (finishedRunId !== undefined && !/^\d+$/.test(finishedRunId)) {
    throw new SettingsError(`Invalid input 'finished-run-id': '${finishedRunId}'. Expected a run id (github.run_id).`);
  }
  return {
    job,
    repoRoot: pathInput('path', job.workspace, '.'),
    remote: stringInput('remote', 'origin'),
    branch,
    timeoutMinutes: integerInput('timeout-minutes', DEFAULT_CLAIM_TIMEOUT_MINUTES, { min: 5, max: 60 * 24 * 31 }),
    maxClaims: integerInput('max-claims', 2, { min: 1, max: 10 }),
    finishedRunId,
    finishedRunCancelled: booleanInput('finished-run-cancelled', false),
    dispatchWorkflow,
    updateCheckout: booleanInput('update-checkout', false),
    token: stringInput('github-token'),
    identity: { name: stringInput('committer-name', ACTIONS_BOT.name), email: stringInput('committer-email', ACTIONS_BOT.email) },
    env,
  };
}
