import { readFileSync } from 'node:fs';
import type { S3Credentials } from '../../aws/s3-credentials.js';
import { ACTIONS_BOT, type GitIdentity } from '../../git/git-runner.js';
import { branchOfRef } from '../../github/push-event.js';
import { SITE_NAME_PATTERN } from '../../config/config-schema.js';
import { deployOverridesFrom } from '../../settings/deploy-overrides.js';
import { booleanInput, integerInput, pathInput, stringInput } from '../inputs.js';
import { readJobContext, SettingsError, type JobContext } from '../job-context.js';
import { httpUrlProblem } from '../../validation/http-url.js';

export type PreviewCommand = 'sites' | 'target' | 'digest' | 'verify' | 'record' | 'announce' | 'remove' | 'retire' | 'sweep';
const COMMANDS: readonly PreviewCommand[] = ['sites', 'target', 'digest', 'verify', 'record', 'announce', 'remove', 'retire', 'sweep'];
const NO_COMMIT = /^0+$/;

/** The pull request of a pull_request event, as its payload names it. */
export interface EventPullRequest {
  number: number;
  /** opened, synchronize, reopened, closed, … */
  action: string;
  headRef: string;
  headSha: string;
  /** owner/name of the head's repository: this repository's unless the pull request comes from a fork. */
  headRepository: string | null;
  /** The base branch's commit when the event was sent. */
  baseSha: string | null;
  /** synchronize: the head before this push. */
  before: string | null;
}

/**
 * What the pushed commit is compared with to find the paths it changed: the commit before the
 * push, or (a pull request opened or reopened) the fork point from its base.
 */
export interface DiffBase {
  commit: string;
  /** Compare from the merge base of `commit` and the head, not from `commit` itself. */
  forkPoint: boolean;
}

/** Everything the preview action needs, read once from its inputs, the event and the job's GITHUB_* variables. */
export interface PreviewActionSettings {
  job: JobContext;
  command: PreviewCommand;
  repoRoot: string;
  remote: string;
  /** The branch deployed (target, record) or deleted (remove); empty for sweep. */
  branch: string;
  /** The branch that deploys the dev site; every other branch gets a preview. */
  devBranch: string;
  /** Where handoff.yml is read from: the dev branch, never the branch being previewed. */
  configBranch: string;
  /** The commit deployed (record): a pull request's head commit, never its merge commit. */
  commit: string;
  /** Set on a pull_request event. */
  pullRequest: EventPullRequest | undefined;
  /** sites: what the push is compared with; undefined for a branch's first push (its fork point from the dev branch is used). */
  diffBase: DiffBase | undefined;
  /** Whether this run deploys (a push, a pull request opened or pushed to) rather than removes or sweeps. */
  deploysOnThisEvent: boolean;
  /** The site of handoff.yml's sites: form (target, record, remove, sweep); empty for the one-site form. */
  site: string;
  /** digest, verify: the built tree. */
  sourceDir: string;
  /** verify: the digest the build job computed. */
  expectedDigest: string;
  /** record: files in the deployed site (the build's file-count); null when not given. */
  fileCount: number | null;
  /** Refuse a config without environments.dev.role_arn (off under act, where keys come from the environment). */
  requireRoleArn: boolean;
  /** An S3-compatible endpoint instead of handoff.yml's (act, tests). */
  s3Endpoint: string | undefined;
  /** AWS keys in the job's environment (set by configure-aws-credentials), read here as the deploy action reads them. */
  credentials: S3Credentials | undefined;
  token: string;
  identity: GitIdentity;
  env: NodeJS.ProcessEnv;
}

export function readPreviewSettings(env: NodeJS.ProcessEnv = process.env): PreviewActionSettings {
  const job = readJobContext(env);
  const event = readEvent(job);
  const command = stringInput('command') as PreviewCommand;
  if (!COMMANDS.includes(command)) throw new SettingsError(`Invalid input 'command': '${command}'. Expected one of ${COMMANDS.join(', ')}.`);
  const payload = (typeof event === 'object' && event !== null ? event : {}) as { ref?: unknown; ref_type?: unknown; before?: unknown; repository?: { default_branch?: unknown } };
  // A delete event names the deleted branch in its payload; the run itself is on the default branch.
  const deleted = job.eventName === 'delete' && payload.ref_type === 'branch' && typeof payload.ref === 'string' ? payload.ref : '';
  const pullRequest = job.eventName === 'pull_request' ? pullRequestOf(event) : undefined;
  // A pull_request run is on refs/pull/N/merge: the branch previewed is the head branch.
  const eventBranch = pullRequest?.headRef ?? (command === 'remove' ? deleted : branchOfRef(job.ref) ?? '');
  const branch = stringInput('branch') || eventBranch;
  const needsBranch = ['target', 'record', 'announce', 'remove', 'retire'].includes(command) || (command === 'sites' && job.eventName !== 'delete' && job.eventName !== 'schedule' && job.eventName !== 'workflow_dispatch' && pullRequest?.action !== 'closed');
  if (needsBranch && !branch) {
    throw new SettingsError(command === 'remove' ? "Input 'branch' is empty and this is not a delete event for a branch or a closed pull request." : "Input 'branch' is empty and this run is not on a branch.");
  }
  const expectedDigest = stringInput('digest');
  if (command === 'verify' && !/^sha256:[0-9a-f]{64}$/.test(expectedDigest)) throw new SettingsError(`Invalid input 'digest': '${expectedDigest}'. Expected the build job's digest output (sha256:<64 hex digits>).`);
  const eventDefault = typeof payload.repository?.default_branch === 'string' ? payload.repository.default_branch : '';
  const devBranch = stringInput('dev-branch', eventDefault || 'main');
  const commit = stringInput('commit', pullRequest?.headSha ?? job.sha);
  if (command === 'record' && !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) throw new SettingsError(`Invalid input 'commit': '${commit}'. Expected a full commit id (github.sha).`);
  const overrides = deployOverridesFrom(env, { s3Endpoint: stringInput('s3-endpoint') });
  const s3Endpoint = overrides.s3Endpoint ?? '';
  const endpointProblem = s3Endpoint ? httpUrlProblem(s3Endpoint) : undefined;
  if (endpointProblem) throw new SettingsError(`Invalid input 's3-endpoint': '${s3Endpoint}'. Expected ${endpointProblem}.`);
  const site = stringInput('site');
  if (site !== '' && !SITE_NAME_PATTERN.test(site)) throw new SettingsError(`Invalid input 'site': '${site}'. Expected a site name of handoff.yml's sites: (lowercase letters, digits and -), or empty for the one-site form.`);
  return {
    job,
    command,
    site,
    diffBase: diffBaseOf(job.eventName, payload.before, pullRequest),
    deploysOnThisEvent: job.eventName === 'push' || (job.eventName === 'pull_request' && pullRequest?.action !== 'closed'),
    repoRoot: pathInput('path', job.workspace, '.'),
    remote: stringInput('remote', 'origin'),
    branch,
    devBranch,
    configBranch: stringInput('config-branch', devBranch),
    commit,
    pullRequest,
    sourceDir: pathInput('source-dir', job.workspace, 'public'),
    expectedDigest,
    fileCount: stringInput('file-count') === '' ? null : integerInput('file-count', 0, { min: 0, max: 100_000_000 }),
    requireRoleArn: booleanInput('require-role-arn', !job.underAct),
    s3Endpoint: s3Endpoint || undefined,
    credentials: overrides.environmentCredentials,
    token: stringInput('github-token'),
    identity: { name: stringInput('committer-name', ACTIONS_BOT.name), email: stringInput('committer-email', ACTIONS_BOT.email) },
    env,
  };
}

function diffBaseOf(eventName: string, before: unknown, pullRequest: EventPullRequest | undefined): DiffBase | undefined {
  if (pullRequest?.action === 'synchronize' && pullRequest.before) return { commit: pullRequest.before, forkPoint: false };
  if (pullRequest?.baseSha) return { commit: pullRequest.baseSha, forkPoint: true };
  if (eventName === 'push' && typeof before === 'string' && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(before) && !NO_COMMIT.test(before)) return { commit: before, forkPoint: false };
  return undefined;
}

/** The event payload; {} when there is none (a schedule under act). */
function readEvent(job: JobContext): unknown {
  if (!job.eventPath) return {};
  try {
    return JSON.parse(readFileSync(job.eventPath, 'utf8'));
  } catch (error) {
    throw new SettingsError(`Cannot read the event at ${job.eventPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The pull request of a pull_request event's payload; a payload without one is refused by name. */
function pullRequestOf(event: unknown): EventPullRequest {
  const payload = event as {
    action?: unknown;
    number?: unknown;
    before?: unknown;
    pull_request?: { number?: unknown; head?: { ref?: unknown; sha?: unknown; repo?: { full_name?: unknown } | null }; base?: { sha?: unknown } };
  };
  const commitOrNull = (value: unknown) => (typeof value === 'string' && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(value) && !NO_COMMIT.test(value) ? value : null);
  const head = payload.pull_request?.head;
  const number = payload.pull_request?.number ?? payload.number;
  if (typeof number !== 'number' || typeof head?.ref !== 'string' || typeof head.sha !== 'string') {
    throw new SettingsError('The pull_request event has no pull_request.number, head.ref and head.sha: expected the payload GitHub writes to GITHUB_EVENT_PATH.');
  }
  return {
    number,
    action: typeof payload.action === 'string' ? payload.action : '',
    headRef: head.ref,
    headSha: head.sha,
    headRepository: typeof head.repo?.full_name === 'string' ? head.repo.full_name : null,
    baseSha: commitOrNull(payload.pull_request?.base?.sha),
    before: commitOrNull(payload.before),
  };
}
