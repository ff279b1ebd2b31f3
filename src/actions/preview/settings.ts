import { readFileSync } from 'node:fs';
import type { S3Credentials } from '../../deploy/s3-credentials.js';
import { ACTIONS_BOT, type GitIdentity } from '../../git/git-runner.js';
import { branchOfRef } from '../../github/push-event.js';
import { deployOverridesFrom } from '../../settings/deploy-overrides.js';
import { booleanInput, pathInput, stringInput } from '../inputs.js';
import { readJobContext, SettingsError, type JobContext } from '../job-context.js';

export type PreviewCommand = 'target' | 'record' | 'remove' | 'sweep';
const COMMANDS: readonly PreviewCommand[] = ['target', 'record', 'remove', 'sweep'];

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
  /** The commit deployed (record). */
  commit: string;
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
  const payload = (typeof event === 'object' && event !== null ? event : {}) as { ref?: unknown; ref_type?: unknown; repository?: { default_branch?: unknown } };
  // A delete event names the deleted branch in its payload; the run itself is on the default branch.
  const deleted = job.eventName === 'delete' && payload.ref_type === 'branch' && typeof payload.ref === 'string' ? payload.ref : '';
  const branch = stringInput('branch') || (command === 'remove' ? deleted : branchOfRef(job.ref) ?? '');
  if (command !== 'sweep' && !branch) {
    throw new SettingsError(command === 'remove' ? "Input 'branch' is empty and this is not a delete event for a branch." : "Input 'branch' is empty and this run is not on a branch.");
  }
  const eventDefault = typeof payload.repository?.default_branch === 'string' ? payload.repository.default_branch : '';
  const devBranch = stringInput('dev-branch', eventDefault || 'main');
  const commit = stringInput('commit', job.sha);
  if (command === 'record' && !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) throw new SettingsError(`Invalid input 'commit': '${commit}'. Expected a full commit id (github.sha).`);
  const overrides = deployOverridesFrom(env, { s3Endpoint: stringInput('s3-endpoint') });
  const s3Endpoint = overrides.s3Endpoint ?? '';
  if (s3Endpoint && !/^https?:\/\/\S+$/.test(s3Endpoint)) throw new SettingsError(`Invalid input 's3-endpoint': '${s3Endpoint}'. Expected an http(s) URL.`);
  return {
    job,
    command,
    repoRoot: pathInput('path', job.workspace, '.'),
    remote: stringInput('remote', 'origin'),
    branch,
    devBranch,
    configBranch: stringInput('config-branch', devBranch),
    commit,
    requireRoleArn: booleanInput('require-role-arn', !job.underAct),
    s3Endpoint: s3Endpoint || undefined,
    credentials: overrides.environmentCredentials,
    token: stringInput('github-token'),
    identity: { name: stringInput('committer-name', ACTIONS_BOT.name), email: stringInput('committer-email', ACTIONS_BOT.email) },
    env,
  };
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
