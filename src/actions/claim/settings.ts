import { readFileSync } from 'node:fs';
import { ACTIONS_BOT, type GitIdentity } from '../../git/git-runner.js';
import { branchOfRef, parsePushEvent, type PushEvent } from '../../github/push-event.js';
import { booleanInput, integerInput, pathInput, stringInput } from '../inputs.js';
import { readJobContext, SettingsError, type JobContext } from '../job-context.js';

/** Everything the claim action needs, read once from its inputs and the job's GITHUB_* variables. */
export interface ClaimSettings {
  job: JobContext;
  /** The checkout holding handoff.yml and tasks/. */
  repoRoot: string;
  /** The git remote claims are pushed to. */
  remote: string;
  /** The branch whose tasks are planned (the pushed branch, or the dispatched ref). */
  branch: string;
  /** The push that started the run; undefined for workflow_dispatch and schedule. */
  push: PushEvent | undefined;
  /** Token for the GitHub API (production protection rules); empty: production fails closed. */
  token: string;
  includeWaiting: boolean;
  maxTasks: number;
  requireRoleArn: boolean;
  /** handoff.yml from a repository variable (vars.HANDOFF_CONFIG): the gates, when set. */
  trustedConfig: { text: string; name: string } | undefined;
  identity: GitIdentity;
  /** The environment git runs with. */
  env: NodeJS.ProcessEnv;
}

export function readClaimSettings(env: NodeJS.ProcessEnv = process.env): ClaimSettings {
  const job = readJobContext(env);
  let push: PushEvent | undefined;
  let branch: string | undefined;
  if (job.eventName === 'push') {
    if (!job.eventPath) throw new SettingsError('GITHUB_EVENT_PATH is not set for a push event');
    let payload: unknown;
    try {
      payload = JSON.parse(readFileSync(job.eventPath, 'utf8'));
    } catch (error) {
      throw new SettingsError(`Cannot read the push event at ${job.eventPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
    push = parsePushEvent(payload);
    if (!push) throw new SettingsError(`The event at ${job.eventPath} is not a push event (no before/after/ref)`);
    branch = branchOfRef(push.ref);
  } else {
    branch = branchOfRef(job.ref) ?? (job.refName || undefined);
  }
  if (!branch) throw new SettingsError(`The plan runs on a branch; this run is for '${job.ref}'.`);
  return {
    job,
    repoRoot: pathInput('path', job.workspace, '.'),
    remote: stringInput('remote', 'origin'),
    branch,
    push,
    token: stringInput('github-token'),
    includeWaiting: booleanInput('include-waiting', true),
    maxTasks: integerInput('max-tasks', 100, { min: 1, max: 256 }),
    requireRoleArn: booleanInput('require-role-arn', !job.underAct),
    trustedConfig: stringInput('handoff-config') ? { text: stringInput('handoff-config'), name: 'HANDOFF_CONFIG' } : undefined,
    identity: { name: stringInput('committer-name', ACTIONS_BOT.name), email: stringInput('committer-email', ACTIONS_BOT.email) },
    env,
  };
}
