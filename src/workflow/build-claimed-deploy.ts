import path from 'node:path';
import { classifyTaskProblems } from '../errors/task-problems.js';
import { NO_SECRETS } from '../process/secret-values.js';
import { loadTask } from '../task/load-task.js';
import { formatProblem } from '../validation/problem.js';
import { buildForDeploy } from '../worker/deploy-worker.js';
import { writePrebuiltTree, type DeployBuildReport } from '../worker/prebuilt-tree.js';
import { siteLookupFor } from '../worker/task-workers.js';
import type { DeployTools } from '../worker/worker-tools.js';
import { ClaimedTaskMissingError, type ClaimedTaskInput } from './run-claimed-task.js';
import { pathExists } from '../files/path-exists.js';

export interface BuiltDeploy {
  /** The build's tree digest, or null when it failed. */
  treeDigest: string | null;
  buildSuccess: boolean;
}

/**
 * The workflow's build job for a claimed hugo-deploy task: builds what the deploy will ship (the
 * claim commit, or the commit a promote or rollback names) and writes it with its report to
 * `outputFolder` for the deploy and review jobs (writePrebuiltTree). It holds no credentials and
 * writes no result: the deploy job records the task, a failed build included.
 */
export async function buildClaimedDeploy(input: ClaimedTaskInput & { outputFolder: string }, tools: DeployTools): Promise<BuiltDeploy> {
  if (!(await pathExists(path.join(input.repoRoot, input.taskFile)))) throw new ClaimedTaskMissingError(input.taskFile);
  const config = input.config;
  const loaded = await loadTask(path.join(input.repoRoot, input.taskFile), {
    repoRoot: input.repoRoot,
    shownAs: input.taskFile,
    ...(config.ok ? { config: config.config } : {}),
    ...(input.siteRoot !== undefined ? { siteRoot: input.siteRoot } : {}),
  });
  const redactor = tools.redactor ?? NO_SECRETS;
  let report: DeployBuildReport;
  let builtDir: string | undefined;
  if (!loaded.ok) {
    report = { outputs: {}, error: classifyTaskProblems(loaded.problems), log: loaded.problems.map(formatProblem).join('\n') };
  } else if (loaded.task.type !== 'hugo-deploy') {
    throw new Error(`${input.taskFile} is a ${loaded.task.type} task; the build job builds hugo-deploy tasks (build-only tasks run whole in their own job)`);
  } else {
    const siteRoot = input.siteRoot ?? input.repoRoot;
    const onLine = tools.onLine;
    const built = await buildForDeploy({ repoRoot: input.repoRoot, siteRoot }, loaded.task, onLine ? { ...tools, onLine: (line) => onLine(redactor.text(line)) } : tools, siteLookupFor(config, loaded.task.site));
    if ('refused' in built) {
      report = built.refused;
    } else {
      report = built.report;
      if (!report.error) builtDir = path.resolve(siteRoot, built.report.outputs.output_dir);
    }
  }
  report = redactor.value(report);
  await writePrebuiltTree(input.outputFolder, report, builtDir);
  return { treeDigest: report.outputs.tree_digest ?? null, buildSuccess: !report.error };
}
