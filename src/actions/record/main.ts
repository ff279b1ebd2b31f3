import * as core from '@actions/core';
import { systemClock } from '../../clock.js';
import { loadConfig } from '../../config/load-config.js';
import { gitFor } from '../../git/git-runner.js';
import { recordTask } from '../../workflow/record-task.js';
import { readRecordSettings } from './settings.js';

/** The record action: commit the results and the task moves in one commit, pushed with retry. */
export async function run(): Promise<void> {
  try {
    const settings = readRecordSettings();
    if (settings.token) core.setSecret(settings.token);
    const git = gitFor(settings.repoRoot, {
      env: settings.env,
      identity: settings.identity,
      ...(settings.token ? { token: settings.token, serverUrl: settings.job.serverUrl } : {}),
    });
    const report = await recordTask(
      {
        repoRoot: settings.repoRoot,
        config: await loadConfig(settings.repoRoot),
        resultPaths: settings.resultPaths,
        taskFile: settings.taskFile,
        runOutcome: settings.runOutcome,
        target: { remote: settings.remote, branch: settings.branch },
        runId: settings.job.runId,
        runUrl: settings.job.runUrl,
      },
      { git, now: systemClock },
    );
    for (const fileName of report.synthesized) core.warning(`${fileName}: the run step left no result; recorded it as failed`);
    core.setOutput('commit', report.commit ?? '');
    core.setOutput('recorded', String(report.recorded.length));
    core.setOutput('attempts', String(report.attempts));
    core.info(report.commit ? `recorded ${report.recorded.join(', ')} in ${report.commit} (push attempt ${report.attempts})` : 'nothing to record');
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
