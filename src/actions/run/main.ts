import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { gitInfoFor } from '../../git/git-info.js';
import { summaryLine } from '../../result/render-result.js';
import { loadConfig } from '../../config/load-config.js';
import { defaultRunDependencies } from '../../worker/run-task.js';
import { runClaimedTask } from '../../workflow/run-claimed-task.js';
import { maskJobSecrets } from '../site-code.js';
import { readRunSettings, type RunSettings } from './settings.js';
import { githubApiFor, type EnvironmentLookup } from '../../github/github-api.js';
import { targetsGated } from '../../github/production-gate.js';
import { ENVIRONMENTS } from '../../primitives/task-types.js';
import type { OutsideTargets } from '../../config/environment-targets.js';
import { buildClaimedDeploy } from '../../workflow/build-claimed-deploy.js';
import { readPrebuiltTree } from '../../worker/prebuilt-tree.js';

/**
 * The deploy job's own reading of what gates its targets: production always; staging when the
 * GitHub environment this job runs in has required reviewers (asked here, with the job's token,
 * not taken from the plan, which the push can rewrite).
 */
async function outsideTargetsOf(settings: RunSettings): Promise<OutsideTargets> {
  let lookup: EnvironmentLookup | { error: string } | undefined;
  if (settings.token && settings.githubEnvironment) {
    core.setSecret(settings.token);
    const github = githubApiFor({ apiUrl: settings.job.apiUrl, token: settings.token, repository: settings.job.repository });
    lookup = await github.getEnvironment(settings.githubEnvironment).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
  }
  const gated = ENVIRONMENTS.filter((environment) => targetsGated(environment, lookup));
  return { gated, githubEnvironment: settings.githubEnvironment, config: settings.outsideConfig };
}

/** The run action: run one claimed task with the core and leave its result for record. */
export async function run(): Promise<void> {
  try {
    const settings = readRunSettings();
    maskJobSecrets(settings.siteCode);
    const commit = await gitInfoFor(settings.siteRoot ?? settings.repoRoot).headCommit();
    const config = await loadConfig(settings.repoRoot);
    if (settings.buildTo) {
      const built = await buildClaimedDeploy(
        { repoRoot: settings.repoRoot, taskFile: settings.taskFile, config, outputFolder: settings.buildTo, ...(settings.siteRoot ? { siteRoot: settings.siteRoot } : {}) },
        { ...defaultRunDependencies, commit: commit ?? null, ...(settings.trustedEnvironment ? { trustedEnvironment: settings.trustedEnvironment } : {}), onLine: (line) => core.info(line), siteCodeEnv: settings.siteCode.siteCodeEnv, redactor: settings.siteCode.redactor },
      );
      core.setOutput('tree-digest', built.treeDigest ?? '');
      core.setOutput('build-success', String(built.buildSuccess));
      return;
    }
    const outcome = await runClaimedTask(
      { repoRoot: settings.repoRoot, taskFile: settings.taskFile, config, ...(settings.siteRoot ? { siteRoot: settings.siteRoot } : {}) },
      {
        ...defaultRunDependencies,
        runUrl: settings.job.runUrl,
        commit: commit ?? null,
        deployOverrides: settings.deployOverrides,
        environmentTargets: settings.environmentTargets,
        outsideTargets: await outsideTargetsOf(settings),
        ...(settings.trustedEnvironment ? { trustedEnvironment: settings.trustedEnvironment } : {}),
        ...(settings.reviewedPlan ? { reviewedPlan: settings.reviewedPlan } : {}),
        ...(settings.prebuilt ? { prebuilt: await readPrebuiltTree(settings.prebuilt) } : {}),
        onLine: (line) => core.info(line),
        siteCodeEnv: settings.siteCode.siteCodeEnv,
        redactor: settings.siteCode.redactor,
      },
    );
    const result = outcome.result;
    core.setOutput('result-path', outcome.resultPath);
    core.setOutput('status', result.status);
    core.setOutput('task-id', result.task_id);
    core.setOutput('summary', summaryLine(result));
    const text = await readFile(path.join(settings.repoRoot, outcome.resultPath), 'utf8');
    await core.summary.addRaw(text.replace(/^---\n[\s\S]*?\n---\n/, '')).write();
    if (result.status !== 'success' && settings.failOnTaskFailure) {
      core.setFailed(`task ${result.task_id} failed: ${result.error ? `${result.error.category}: ${result.error.message}` : summaryLine(result)}`);
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
