import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { gitInfoFor } from '../../git/git-info.js';
import { summaryLine } from '../../result/render-result.js';
import { loadConfig } from '../../config/load-config.js';
import { defaultRunDependencies } from '../../worker/run-task.js';
import { runClaimedTask } from '../../workflow/run-claimed-task.js';
import { maskJobSecrets } from '../site-code.js';
import { readRunSettings } from './settings.js';
import { buildClaimedDeploy } from '../../workflow/build-claimed-deploy.js';
import { readPrebuiltTree } from '../../worker/prebuilt-tree.js';

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
