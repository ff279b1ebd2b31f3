import path from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { pathExists } from '../files/path-exists.js';
import { GitError, gitOutput, type Git } from '../git/git-runner.js';
import { PushRetriesExhaustedError, type RetryPolicy } from '../git/push-with-retry.js';
import { stateOfTaskPath } from '../lifecycle/task-folders.js';
import { loadTask } from '../task/load-task.js';
import type { Task } from '../task/validate-task.js';
import { porcelainPaths } from '../git/git-info.js';
import { isSiteChange } from '../hugo/site-changes.js';
import { AgentError } from '../errors/agent-error.js';
import { optionName, type AgentInterface } from './agent-interface.js';
import { agentGit, currentBranch, isGitRepository, remoteBranchFor } from '../branch-sync/git-remote.js';
import { needsProductionApproval, productionWarning } from '../github/production-gate.js';
import { PRODUCTION_CONFIRMATION } from '../primitives/task-types.js';
import { pushBranch, RebaseConflictError, UntrackedFilesInTheWayError } from '../branch-sync/push-branch.js';

export interface SubmitRequest {
  root: string;
  /** The task file, relative to the repository, in tasks/pending/. */
  file: string;
  /** handoff.yml as the edge loaded it: the task is checked against its sites, the warning names its production URL. */
  config: LoadedConfig;
  /** The user's typed confirmation for a production deploy, when the caller already has it. */
  confirm?: string;
  /** Asks the user on a terminal: shows the warning, returns the line they typed. */
  ask?: (warning: string) => Promise<string>;
  push: boolean;
  env: NodeJS.ProcessEnv;
  retry?: RetryPolicy;
  /** Commit the site folder's uncommitted changes with the task (the worker builds the committed tree). */
  includeSite?: boolean;
  /** Which interface asked, so hints name its flags or tool parameters (default cli). */
  via?: AgentInterface;
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
  /** Why it was not pushed, that it had been committed before, or that the site has uncommitted changes. */
  note: string | null;
  /** Files under the task's site folder that were modified or untracked when it was submitted, repository-relative. */
  site_changes: string[];
  /** Whether site_changes went into the task's commit (--include-site). */
  site_changes_included: boolean;
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
  const config = request.config;
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
        `${warning}\n\n${task.id} deploys to production and needs the user's typed confirmation. Show the user the production warning, and only after they type ${PRODUCTION_CONFIRMATION} exactly, submit again with it: ${confirmAgain(request.via ?? 'cli', file)}`,
      );
    }
    if (typed.trim() !== PRODUCTION_CONFIRMATION) {
      throw new AgentError('refused', `confirmation: expected exactly "${PRODUCTION_CONFIRMATION}"; found ${JSON.stringify(typed.trim())}; nothing was committed`);
    }
  }

  const git = agentGit(request.root, request.env);
  if (!(await isGitRepository(git))) throw new AgentError('usage', `${request.root} is not a git repository (git init, or ${(request.via ?? 'cli') === 'cli' ? 'pass --root <the repository>' : 'start handoff mcp with --root <the repository>'})`);
  const branch = await currentBranch(git);
  if (!branch) throw new AgentError('refused', 'HEAD is detached: check out the branch the task belongs on, then submit again');

  const siteChanges = await uncommittedSiteChanges(git, task, file);
  const includeSite = request.includeSite === true && siteChanges.length > 0;
  const paths = includeSite ? [file, ...siteChanges] : [file];
  await git(['add', '--all', '--', ...paths]);
  const staged = await git(['diff', '--cached', '--quiet', '--', ...paths], { allowFailure: true });
  const notes: string[] = [];
  if (staged.exitCode === 1) {
    const message = `handoff: submit ${task.id} (${task.type}, ${task.environment})\n\n${task.description}\n`;
    await git(['commit', '--quiet', '--only', '-m', message, '--', ...paths]);
  } else {
    notes.push(`${file} was already committed; pushing the branch`);
  }
  if (includeSite) notes.push(`committed ${siteChanges.length} site change(s) with the task: ${describeFiles(siteChanges)}`);
  else if (siteChanges.length > 0) {
    notes.push(
      `the site has ${siteChanges.length} uncommitted change(s) the worker will not see, since it builds the committed tree: ${describeFiles(siteChanges)}. Commit them, or submit the task again with ${(request.via ?? 'cli') === 'cli' ? optionName('cli', 'includeSite') : `${optionName('mcp', 'includeSite')}: true`}`,
    );
  }
  let note: string | null = notes.length > 0 ? notes.join('; ') : null;
  let commit = await gitOutput(git, ['rev-parse', '--verify', 'HEAD']);
  const outcome = { ok: true as const, id: task.id, path: file, type: task.type, environment: task.environment, warning, site_changes: siteChanges, site_changes_included: includeSite };
  const withNote = (extra: string) => [note, extra].filter(Boolean).join('; ');
  if (!request.push) return { ...outcome, commit, pushed: false, remote: null, note: withNote(`not pushed (${optionName(request.via ?? 'cli', 'noPush')}): push the branch, or run handoff watch on this machine`) };

  const target = await remoteBranchFor(git);
  if (!target) return { ...outcome, commit, pushed: false, remote: null, note: withNote('no remote to push to: handoff watch on this machine runs it') };
  try {
    const pushed = await pushBranch(git, target, request.retry);
    commit = pushed.commit;
    if (pushed.cleared.length > 0) {
      note = [note, `removed ${pushed.cleared.length} untracked file(s) that ${target.remote}/${target.branch} also has (identical copies, or results/latest links it updated): ${pushed.cleared.join(', ')}`].filter(Boolean).join('; ');
    }
  } catch (error) {
    if (error instanceof RebaseConflictError) throw new AgentError('refused', error.message);
    if (error instanceof UntrackedFilesInTheWayError) throw new AgentError('refused', `${task.id} is committed (${commit.slice(0, 12)}) but ${error.message}`);
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

/**
 * Files under the task's site folder that differ from the last commit (modified, deleted or
 * untracked, ignored files aside), repository-relative. handoff's own folders (tasks/, results/)
 * do not count when the site is the repository root. A site in another repository is not here.
 */
async function uncommittedSiteChanges(git: Git, task: Task, taskFile: string): Promise<string[]> {
  if (!('site_path' in task.params) || ('site_repository' in task.params && task.params.site_repository !== undefined)) return [];
  const sitePath = path.posix.normalize(task.params.site_path.split(path.sep).join('/')).replace(/\/$/, '') || '.';
  // Not gitOutput: it trims, and the first entry's status may start with a space.
  const files = porcelainPaths((await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', sitePath])).stdout);
  return files.filter((file) => file !== taskFile && isSiteChange(file, sitePath)).sort();
}

function describeFiles(files: readonly string[]): string {
  return files.slice(0, 8).join(', ') + (files.length > 8 ? ` and ${files.length - 8} more` : '');
}

/** The call that submits a production task with the user's typed confirmation, in the asking interface. */
function confirmAgain(via: AgentInterface, file: string): string {
  return via === 'cli' ? `handoff submit ${file} --confirm "${PRODUCTION_CONFIRMATION}"` : `the submit_task tool with path "${file}" and confirm "${PRODUCTION_CONFIRMATION}"`;
}
