import * as core from '@actions/core';
import { gitInfoFor } from '../../git/git-info.js';
import { defaultRunDependencies } from '../../runner/run-task.js';
import { previewProductionDeploys } from '../../workflow/preview-plans.js';
import { previewSummary } from '../../workflow/preview-summary.js';
import { readPreviewSettings } from './settings.js';

/**
 * The preview action: before the job that waits for approval, plan each production deploy
 * against the live bucket with credentials that cannot write, and show the reviewer that plan.
 */
export async function run(): Promise<void> {
  try {
    const settings = readPreviewSettings();
    const commit = await gitInfoFor(settings.repoRoot).headCommit();
    const { previews, plans } = await previewProductionDeploys(
      { repoRoot: settings.repoRoot, tasks: settings.tasks, commit: commit ?? null, overrides: settings.overrides },
      { ...defaultRunDependencies, now: () => new Date(), onLine: (line) => core.info(line) },
    );
    await core.summary.addRaw(previewSummary(previews, { serverUrl: settings.runner.serverUrl, name: settings.runner.repository })).write();
    core.setOutput('plans', JSON.stringify(plans));
    for (const preview of previews) {
      if (preview.error) core.warning(`${preview.task.id}: no plan against the live bucket (${preview.error}); its deploy will be refused`);
      else core.info(`${preview.task.id}: ${preview.report?.summary ?? ''}`);
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
