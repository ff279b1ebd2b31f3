import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { pathExists } from '../files/path-exists.js';
import { GitError, gitOutput } from '../git/git-runner.js';
import { PushRetriesExhaustedError, type RetryPolicy } from '../git/push-with-retry.js';
import { stateOfTaskPath } from '../lifecycle/task-folders.js';
import { loadTask } from '../task/load-task.js';
import { AgentError } from './agent-error.js';
import { agentGit, currentBranch, isGitRepository, remoteBranchFor } from './git-remote.js';
import { needsProductionApproval, PRODUCTION_CONFIRMATION, productionWarning } from './production-gate.js';
import { pushBranch, RebaseConflictError } from './push-branch.js';

export interface SubmitRequest {
  root: string;
  /** The task file, relative to the repository, in tasks/pending/. */
  file: string;
  /** The user's typed confirmation for a production deploy, when the caller already has it. */
  confirm?: string;
  /** Asks the user on a terminal: shows the warning, returns the line they typed. */
  ask?: (warning: string) => Promise<string>;
  push: boolean;
  env: NodeJS.ProcessEnv;
  retry?: RetryPolicy;
}

export interface SubmitOutcome {
  ok: true;
  id: string;
  path: string;
  type: string;
  environment: string;
  commit: string;
  pushed: boolean;
  /** `origin/main`, where it was pushed; null when not pushed. */
  remote: string | null;
  /** The production warning that was shown and confirmed, or null. */
  warning: string | null;
  /** Why it was not pushed, or that it had been committed before. */
  note: string | null;
}

/**
 * Hands a task over: validates it, gates a production deploy on the user's typed confirmation,
 * commits that one file and pushes. The commit names the file (a pathspec commit), so whatever
 * else the user has staged stays staged and out of the task's commit.
 */
export async function submitTask(request: SubmitRequest): Promise<SubmitOutcome> {
  const file = request.file.split(path.sep).join('/');
  if (stateOfTaskPath(file) !== 'pending') {
    throw new AgentError('usage', `${file}: expected a task file in tasks/pending/ (write one with handoff new)`);
  }
  const absolute = path.join(request.root, file);
  if (!(await pathExists(absolute))) throw new AgentError('usage', `${file}: no such task file`);
  const config = await loadConfig(request.root);
  const loaded = await loadTask(absolute, { repoRoot: request.root, shownAs: file, ...(config.ok ? { config: config.config } : {}) });
  if (!loaded.ok) {
    throw new AgentError('refused', `${file} does not validate (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}); fix it and submit again, nothing was committed`, loaded.problems);
  }
  const task = loaded.task;

  let warning: string | null = null;
  if (needsProductionApproval(task)) {
    warning = productionWarning(task, config.ok ? config.config : undefined);
    const typed = request.confirm ?? (request.ask ? await request.ask(warning) : undefined);
    if (typed === undefined) {
      throw new AgentError(
        'refused',
        `${warning}\n\n${task.id} deploys to production and needs the user's typed confirmation. Show the user the production warning, and only after they type ${PRODUCTION_CONFIRMATION} exactly, submit again with it: handoff submit ${file} --confirm "${PRODUCTION_CONFIRMATION}" (MCP: submit_task with confirm)`,
      );
    }
    if (typed.trim() !== PRODUCTION_CONFIRMATION) {
      throw new AgentError('refused', `confirmation: expected exactly "${PRODUCTION_CONFIRMATION}"; found ${JSON.stringify(typed.trim())}; nothing was committed`);
    }
  }

  const git = agentGit(request.root, request.env);
  if (!(await isGitRepository(git))) throw new AgentError('usage', `${request.root} is not a git repository (git init, or pass --root)`);
  const branch = await currentBranch(git);
  if (!branch) throw new AgentError('refused', 'HEAD is detached: check out the branch the task belongs on, then submit again');

  await git(['add', '--', file]);
  const staged = await git(['diff', '--cached', '--quiet', '--', file], { allowFailure: true });
  let note: string | null = null;
  if (staged.exitCode === 1) {
    const message = `handoff: submit ${task.id} (${task.type}, ${task.environment})\n\n${task.description}\n`;
    await git(['commit', '--quiet', '--only', '-m', message, '--', file]);
  } else {
    note = `${file} was already committed; pushing the branch`;
  }
  let commit = await gitOutput(git, ['rev-parse', '--verify', 'HEAD']);
  const outcome = { ok: true as const, id: task.id, path: file, type: task.type, environment: task.environment, warning };
  if (!request.push) return { ...outcome, commit, pushed: false, remote: null, note: 'not pushed (--no-push): push the branch, or run handoff watch on this machine' };

  const target = await remoteBranchFor(git);
  if (!target) return { ...outcome, commit, pushed: false, remote: null, note: 'no remote to push to: handoff watch on this machine runs it' };
  try {
    commit = (await pushBranch(git, target, request.retry)).commit;
  } catch (error) {
    if (error instanceof RebaseConflictError) throw new AgentError('refused', error.message);
    if (error instanceof PushRetriesExhaustedError) {
      throw new AgentError('refused', `${task.id} is committed (${commit.slice(0, 12)}) but not pushed: ${target.remote}/${target.branch} kept moving for ${error.attempts} attempts; run handoff submit ${file} again`);
    }
    if (error instanceof GitError) {
      throw new AgentError('refused', `${task.id} is committed (${commit.slice(0, 12)}) but the push to ${target.remote}/${target.branch} failed: ${error.message}`);
    }
    throw error;
  }
  return { ...outcome, commit, pushed: true, remote: `${target.remote}/${target.branch}`, note };
}
