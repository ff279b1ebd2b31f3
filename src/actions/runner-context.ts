/**
 * What the runner tells every action through GITHUB_* variables, read once into a typed object.
 * Only the settings modules call this; the core gets plain values.
 */
export interface RunnerContext {
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

export function readRunnerContext(env: NodeJS.ProcessEnv): RunnerContext {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new SettingsError(`${name} is not set: this action runs inside a GitHub Actions job (or act)`);
    return value;
  };
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repository = required('GITHUB_REPOSITORY');
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new SettingsError(`Invalid GITHUB_REPOSITORY '${repository}'. Expected format {owner}/{repo}.`);
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
    underAct: env.ACT === 'true',
  };
}
