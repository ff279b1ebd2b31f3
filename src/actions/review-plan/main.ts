import * as core from '@actions/core';
import { systemClock } from '../../clock.js';
import { loadConfig } from '../../config/load-config.js';
import { gitInfoFor } from '../../git/git-info.js';
import { defaultRunDependencies } from '../../worker/run-task.js';
import { planProductionDeploys } from '../../workflow/review-plans.js';
import { reviewSummary } from '../../workflow/review-summary.js';
import { maskJobSecrets } from '../site-code.js';
import { readReviewPlanSettings } from './settings.js';

/**
 * The review-plan action: before the job that waits for approval, plan each production deploy
 * against the live bucket with credentials that cannot write, and show the reviewer that plan.
 */
export async function run(): Promise<void> {
  try {
    const settings = readReviewPlanSettings();
    maskJobSecrets(settings.siteCode);
    const commit = await gitInfoFor(settings.repoRoot).headCommit();
    const { reviews, plans } = await planProductionDeploys(
      { repoRoot: settings.repoRoot, tasks: settings.tasks, commit: commit ?? null, overrides: settings.overrides, ...(settings.prebuiltRoot ? { prebuiltRoot: settings.prebuiltRoot } : {}), config: await loadConfig(settings.repoRoot) },
      { ...defaultRunDependencies, now: systemClock, onLine: (line) => core.info(line), siteCodeEnv: settings.siteCode.siteCodeEnv, redactor: settings.siteCode.redactor },
    );
    await core.summary.addRaw(reviewSummary(reviews, { serverUrl: settings.job.serverUrl, name: settings.job.repository })).write();
    core.setOutput('plans', JSON.stringify(plans));
    for (const review of reviews) {
      if (review.error) core.warning(`${review.task.id}: no plan against the live bucket (${review.error}); its deploy will be refused`);
      else core.info(`${review.task.id}: ${review.report?.summary ?? ''}`);
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
