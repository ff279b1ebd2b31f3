import * as core from '@actions/core';
import { ACTIONS_BOT, type GitIdentity } from '../../git/git-runner.js';
import { branchOfRef } from '../../github/push-event.js';
import { pathInput, stringInput } from '../inputs.js';
import { readJobContext, SettingsError, type JobContext } from '../job-context.js';

/** Everything the record action needs, read once from its inputs and the job's GITHUB_* variables. */
export interface RecordSettings {
  job: JobContext;
  repoRoot: string;
  /** Result files to record, relative to the checkout. */
  resultPaths: string[];
  /** The claimed task; recorded as failed when no result names it (its run died). */
  taskFile: string | undefined;
  runOutcome: string;
  remote: string;
  branch: string;
  /**
   * A token to push with, for a checkout made with `persist-credentials: false` (the run job
   * keeps its token off disk while it builds and deploys). Empty: git's own credentials.
   */
  token: string;
  identity: GitIdentity;
  env: NodeJS.ProcessEnv;
}

export function readRecordSettings(env: NodeJS.ProcessEnv = process.env): RecordSettings {
  const job = readJobContext(env);
  const resultPaths = core.getMultilineInput('result-paths').map((line) => line.trim()).filter(Boolean);
  for (const resultPath of resultPaths) {
    if (!/^results\/\d{4}-\d{2}-\d{2}\/[^/]+\.result\.md$/.test(resultPath)) {
      throw new SettingsError(`Invalid input 'result-paths': '${resultPath}'. Expected results/YYYY-MM-DD/<id>.result.md (the run step's result-path output).`);
    }
  }
  const taskFile = stringInput('task-file') || undefined;
  if (taskFile !== undefined && !/^tasks\/in-progress\/[^/]+\.md$/.test(taskFile)) {
    throw new SettingsError(`Invalid input 'task-file': '${taskFile}'. Expected tasks/in-progress/<id>.md.`);
  }
  const branch = stringInput('branch') || branchOfRef(job.ref) || job.refName;
  if (!branch) throw new SettingsError("Input 'branch' is empty and this run is not on a branch.");
  return {
    job,
    repoRoot: pathInput('path', job.workspace, '.'),
    resultPaths,
    taskFile,
    runOutcome: stringInput('run-outcome', 'unknown'),
    remote: stringInput('remote', 'origin'),
    branch,
    token: stringInput('github-token'),
    identity: { name: stringInput('committer-name', ACTIONS_BOT.name), email: stringInput('committer-email', ACTIONS_BOT.email) },
    env,
  };
}
