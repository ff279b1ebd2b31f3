/**
 * What the GitHub Actions job tells every action through GITHUB_* variables, read once into a typed object.
 * Only the settings modules call this; the core gets plain values.
 */
export interface JobContext {
  /** GITHUB_WORKSPACE: where actions/checkout put the repository. */
  workspace: string;
  /** owner/name. */
  repository: string;
  eventName: string;
  eventPath: string | undefined;
  /** refs/heads/main for a push or a dispatch on main. */
  ref: string;
  refName: string;
  sha: string;
  runId: string;
  runAttempt: string;
  serverUrl: string;
  apiUrl: string;
  /** The run's page, written into results so the agent can point a person at the log. */
  runUrl: string | null;
  /** `act` sets ACT=true: no OIDC, no approvals, no API. */
  underAct: boolean;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function readJobContext(env: NodeJS.ProcessEnv): JobContext {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new SettingsError(`${name} is not set: this action runs inside a GitHub Actions job (or act)`);
    return value;
  };
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const underAct = env.ACT === 'true';
  const given = required('GITHUB_REPOSITORY');
  const repository = underAct ? repositoryUnderAct(given) : given;
  if (!REPOSITORY_SLUG.test(repository)) {
    throw new SettingsError(`Invalid GITHUB_REPOSITORY '${given}'. Expected format {owner}/{repo}.`);
  }
  const runId = env.GITHUB_RUN_ID ?? '';
  return {
    workspace: required('GITHUB_WORKSPACE'),
    repository,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    ref: env.GITHUB_REF ?? '',
    refName: env.GITHUB_REF_NAME ?? '',
    sha: env.GITHUB_SHA ?? '',
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    runUrl: runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : null,
    underAct,
  };
}

const REPOSITORY_SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * act derives GITHUB_REPOSITORY from the origin remote, and for a local path remote (the
 * documented way to try the workflow: a bare repository in /tmp) it passes the raw path on.
 * There is no GitHub repository then, only a name for run URLs and commit messages, so the path
 * becomes `local/<folder name>`; examples/act/act.env sets a proper one anyway.
 */
function repositoryUnderAct(value: string): string {
  if (REPOSITORY_SLUG.test(value) || !/^(?:\/|\.{1,2}\/|file:)/.test(value)) return value;
  const folder = value.replace(/^file:\/\//, '').replace(/\/+$/, '').split('/').pop()?.replace(/\.git$/, '') ?? '';
  const name = folder.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'repository';
  return `local/${name}`;
}
