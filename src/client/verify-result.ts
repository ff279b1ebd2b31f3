import path from 'node:path';
import { agentGit, isGitRepository, remoteBranchFor } from '../branch-sync/git-remote.js';
import { fetchBranch } from '../git/push-with-retry.js';
import { findResultPath } from '../result/find-results.js';
import { readResultFile } from '../result/read-result.js';
import { resultReport, type ResultReport } from '../result/result-report.js';
import type { TaskResult } from '../result/task-result.js';
import type { Problem } from '../validation/problem.js';
import { fetchRemoteResult } from './task-location.js';

export type Verification =
  | { kind: 'not-found'; message: string }
  | { kind: 'unreadable'; resultPath: string; problems: Problem[] }
  | { kind: 'judged'; result: TaskResult; resultPath: string; report: ResultReport };

/**
 * `handoff verify`: judges a result in the work tree afresh (see verdictOf), found by task id or
 * given as a result file (repository-relative).
 */
export async function verifyResult(request: { root: string; target: { id: string } | { resultPath: string } }): Promise<Verification> {
  const { root, target } = request;
  const relative = 'resultPath' in target ? target.resultPath : await findResultPath(root, target.id);
  if (!relative) {
    const id = 'id' in target ? target.id : '';
    return { kind: 'not-found', message: `no result for task ${id} under results/ yet (is it still pending or running? see handoff status)` };
  }
  const read = await readResultFile(path.join(root, relative), relative);
  if (!read.ok) return { kind: 'unreadable', resultPath: relative, problems: read.problems };
  return { kind: 'judged', result: read.result, resultPath: relative, report: resultReport(read.result, relative) };
}

/**
 * A task's result judged from the remote branch (fetched; the work tree untouched), for a verify
 * before the agent has pulled. Undefined when there is no remote, no result there, or it does not read.
 */
export async function verifyRemoteResult(request: { root: string; id: string; env: NodeJS.ProcessEnv }): Promise<ResultReport | undefined> {
  const git = agentGit(request.root, request.env);
  const target = (await isGitRepository(git)) ? await remoteBranchFor(git) : undefined;
  const remote = await fetchRemoteResult(git, target, request.id, fetchBranch).catch(() => undefined);
  return remote?.read.ok ? resultReport(remote.read.result, remote.resultPath) : undefined;
}
