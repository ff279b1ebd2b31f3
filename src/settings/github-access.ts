import { iamRoleTrustReader, type RoleTrustReader } from '../aws/iam-roles.js';
import { AgentError } from '../errors/agent-error.js';
import { credentialsInEnvironment } from '../aws/s3-credentials.js';
import { gitFor } from '../git/git-runner.js';

/** How an edge reaches the GitHub REST API for the repository: read once from its environment and flags. */
export interface GitHubAccess {
  /** GITHUB_API_URL, default https://api.github.com. */
  apiUrl: string;
  /** GITHUB_TOKEN, else GH_TOKEN (what `gh auth token` prints). */
  token: string;
  /** owner/name: the flag, else GITHUB_REPOSITORY, else the origin remote's GitHub URL. */
  repository: string;
}

const REPOSITORY_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** owner/name from a GitHub remote URL (https, ssh or scp-like), or undefined for any other remote. */
export function repositoryOfRemote(url: string): string | undefined {
  const match = /^(?:https?:\/\/(?:[^@/]+@)?[^/]+\/|ssh:\/\/git@[^/]+\/|git@[^:]+:)([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match?.[1];
}

export async function resolveGitHubAccess(root: string, env: NodeJS.ProcessEnv, flags: { repository?: string | undefined; flagName: string }): Promise<GitHubAccess> {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) {
    throw new AgentError('usage', 'no GitHub token: set GITHUB_TOKEN or GH_TOKEN to a token that may read the repository\'s settings (for example GH_TOKEN=$(gh auth token))');
  }
  let repository = flags.repository || env.GITHUB_REPOSITORY;
  if (!repository) {
    const origin = await gitFor(root, { env: { PATH: env.PATH, HOME: env.HOME } })(['remote', 'get-url', 'origin'], { allowFailure: true });
    repository = origin.exitCode === 0 ? repositoryOfRemote(origin.stdout) : undefined;
    if (!repository) throw new AgentError('usage', `could not tell the GitHub repository from the origin remote (${origin.exitCode === 0 ? origin.stdout.trim() : 'none'}): pass ${flags.flagName} owner/name`);
  }
  if (!REPOSITORY_PATTERN.test(repository) || repository === 'OWNER/REPO') {
    throw new AgentError('usage', `${flags.flagName}: expected the repository as owner/name; found "${repository}"`);
  }
  return { apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''), token, repository };
}

/**
 * How doctor reads the deploy roles' trust policies: with keys in the environment, or the SDK's
 * chain when AWS_PROFILE names a profile; nothing otherwise (the chain's instance-metadata probes
 * would only wait on a laptop). AWS_ENDPOINT_URL_IAM (AWS's own variable) points it elsewhere.
 */
export function roleTrustReaderFor(env: NodeJS.ProcessEnv): { readRoleTrust?: RoleTrustReader } {
  const credentials = credentialsInEnvironment(env);
  if (!credentials && !env.AWS_PROFILE) return {};
  const endpoint = env.AWS_ENDPOINT_URL_IAM || env.AWS_ENDPOINT_URL;
  return { readRoleTrust: iamRoleTrustReader({ credentials, ...(endpoint ? { endpoint } : {}) }) };
}
