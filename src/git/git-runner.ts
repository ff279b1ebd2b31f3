import { runProgram, type ProgramResult, type ProgramRunner } from '../process/run-program.js';

/** Who the workflow's commits are by. GitHub shows this identity as the Actions bot. */
export interface GitIdentity {
  name: string;
  email: string;
}

export const ACTIONS_BOT: GitIdentity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export interface GitCallOptions {
  /** Resolve with the result even when git exits non-zero (the caller reads the exit code). */
  allowFailure?: boolean;
  /** Extra environment for this one call (e.g. GIT_INDEX_FILE for a private index). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs git in one repository with an argument array (never a shell, so nothing from a task file
 * can be read as shell syntax). The one method keeps fakes in tests one line long; everything
 * else (fetch, commit, push, claim) is a function over it.
 */
export type Git = (args: readonly string[], options?: GitCallOptions) => Promise<ProgramResult>;

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  /** The environment git runs with, handed down by the edge (an action, the CLI); tests pass a copy. */
  env: NodeJS.ProcessEnv;
  identity?: GitIdentity;
  /**
   * A token for HTTPS remotes, handed to git as an extra header through GIT_CONFIG_* variables:
   * unlike `-c` arguments they do not show in the process list, and unlike `git config` they are
   * never written into .git/config where later steps could read them.
   */
  token?: string;
  /** The server the token is for (default https://github.com). */
  serverUrl?: string;
  run?: ProgramRunner;
}

export function gitFor(repoRoot: string, settings: GitOptions): Git {
  const run = settings.run ?? runProgram;
  const env: NodeJS.ProcessEnv = { ...settings.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  if (settings.identity) {
    env.GIT_AUTHOR_NAME = settings.identity.name;
    env.GIT_AUTHOR_EMAIL = settings.identity.email;
    env.GIT_COMMITTER_NAME = settings.identity.name;
    env.GIT_COMMITTER_EMAIL = settings.identity.email;
  }
  if (settings.token) {
    const server = (settings.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
    const basic = Buffer.from(`x-access-token:${settings.token}`).toString('base64');
    const index = Number(env.GIT_CONFIG_COUNT ?? '0') || 0;
    env.GIT_CONFIG_COUNT = String(index + 1);
    env[`GIT_CONFIG_KEY_${index}`] = `http.${server}/.extraheader`;
    env[`GIT_CONFIG_VALUE_${index}`] = `AUTHORIZATION: basic ${basic}`;
  }
  return async (args, options = {}) => {
    const result = await run('git', args, { cwd: repoRoot, env: options.env ? { ...env, ...options.env } : env });
    if (result.exitCode !== 0 && !options.allowFailure) throw new GitError(args, result.exitCode, result.stderr);
    return result;
  };
}

/** The trimmed stdout of a git call that must succeed. */
export async function gitOutput(git: Git, args: readonly string[], options?: GitCallOptions): Promise<string> {
  return (await git(args, options)).stdout.trim();
}
