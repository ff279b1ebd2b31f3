import * as core from '@actions/core';
import { systemClock } from '../../clock.js';
import { gitFor } from '../../git/git-runner.js';
import { githubApiFor } from '../../github/github-api.js';
import { sweepClaims } from '../../workflow/sweep-claims.js';
import { readSweepSettings } from './settings.js';

/** The sweep action: requeue or fail the claims of runs that died. */
export async function run(): Promise<void> {
  try {
    const settings = readSweepSettings();
    if (settings.token) core.setSecret(settings.token);
    const git = gitFor(settings.repoRoot, { env: settings.env, identity: settings.identity });
    const github = settings.token ? githubApiFor({ apiUrl: settings.job.apiUrl, token: settings.token, repository: settings.job.repository }) : undefined;
    const outcome = await sweepClaims(
      {
        target: { remote: settings.remote, branch: settings.branch },
        timeoutMinutes: settings.timeoutMinutes,
        maxClaims: settings.maxClaims,
        finishedRunId: settings.finishedRunId,
        finishedRunCancelled: settings.finishedRunCancelled,
        runId: settings.job.runId,
        runUrl: settings.job.runUrl,
      },
      { git, github, now: systemClock },
    );
    for (const decision of outcome.decisions) core.info(`${decision.fileName}: ${decision.action}: ${decision.reason}`);
    for (const fileName of outcome.failed) core.warning(`${fileName}: failed by the sweep (its run died); see its result`);
    if (outcome.commit && settings.updateCheckout) await git(['checkout', '--quiet', '--detach', outcome.commit]);
    if (outcome.requeued.length > 0 && settings.dispatchWorkflow) {
      if (!github) throw new Error(`requeued ${outcome.requeued.length} task(s) but cannot dispatch ${settings.dispatchWorkflow} without github-token`);
      // A dispatch made with GITHUB_TOKEN does start a run (unlike a push made with it).
      await github.dispatchWorkflow(settings.dispatchWorkflow, settings.branch);
      core.info(`dispatched ${settings.dispatchWorkflow} on ${settings.branch} for the requeued tasks`);
    }
    core.setOutput('requeued', String(outcome.requeued.length));
    core.setOutput('failed', String(outcome.failed.length));
    core.setOutput('commit', outcome.commit ?? '');
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
