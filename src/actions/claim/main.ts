import path from 'node:path';
import * as core from '@actions/core';
import { systemClock } from '../../clock.js';
import { loadConfig } from '../../config/load-config.js';
import type { EnvironmentConfig } from '../../config/config-schema.js';
import { gitFor } from '../../git/git-runner.js';
import { githubApiFor } from '../../github/github-api.js';
import { matrixJson } from '../../workflow/matrix.js';
import { selectionSummary } from '../../workflow/selection-summary.js';
import { selectTasks } from '../../workflow/select-tasks.js';
import { emitAnnotations } from '../annotations.js';
import { readClaimSettings } from './settings.js';

/** The claim action: validate, gate and claim the pushed tasks; emit the run matrix. */
export async function run(): Promise<void> {
  try {
    const settings = readClaimSettings();
    if (settings.token) core.setSecret(settings.token);
    const git = gitFor(settings.repoRoot, { env: settings.env, identity: settings.identity });
    const github = settings.token ? githubApiFor({ apiUrl: settings.job.apiUrl, token: settings.token, repository: settings.job.repository }) : undefined;
    const outcome = await selectTasks(
      {
        repoRoot: settings.repoRoot,
        config: await loadConfig(settings.repoRoot),
        target: { remote: settings.remote, branch: settings.branch },
        push: settings.push,
        includeWaiting: settings.includeWaiting,
        maxTasks: settings.maxTasks,
        requireRoleArn: settings.requireRoleArn,
        runId: settings.job.runId,
        runUrl: settings.job.runUrl,
        ...(settings.trustedConfig ? { trustedConfig: settings.trustedConfig } : {}),
      },
      { git, github, now: systemClock },
    );
    if (outcome.kind !== 'branch-not-listed') emitAnnotations(outcome.annotations, path.relative(settings.job.workspace, settings.repoRoot).split(path.sep).join('/'));
    await core.summary.addRaw(selectionSummary(outcome)).write();
    const tasks = outcome.kind === 'planned' ? outcome.tasks : [];
    core.setOutput('matrix', matrixJson(tasks));
    core.setOutput('count', String(tasks.length));
    // Build-only tasks run in a job with no deployment environment and no id-token: a production
    // build waits for no reviewer and can assume no AWS role.
    const builds = tasks.filter((task) => !task.needs_aws);
    const deploys = tasks.filter((task) => task.needs_aws);
    core.setOutput('build-matrix', matrixJson(builds));
    core.setOutput('build-count', String(builds.length));
    core.setOutput('deploy-matrix', matrixJson(deploys));
    core.setOutput('deploy-count', String(deploys.length));
    // The review job's read-only role, from the same trusted handoff.yml as the deploy role: that of
    // the site whose production deploys this run reviews (each site of several has its own).
    const reviewed = deploys.filter((task) => task.environment === 'production' && task.type === 'hugo-deploy');
    const production: EnvironmentConfig | undefined = reviewed[0]
      ? (JSON.parse(reviewed[0].environment_config || '{}') as EnvironmentConfig)
      : outcome.kind === 'planned' && outcome.gates.ok
        ? outcome.gates.config.environments?.production
        : undefined;
    core.setOutput('review', String(reviewed.length > 0));
    core.setOutput('plan-role-arn', production?.plan_role_arn ?? '');
    core.setOutput('plan-region', production?.region ?? '');
    core.setOutput('refused', String(outcome.kind === 'planned' ? outcome.refused.length : 0));
    core.setOutput('commit', outcome.kind === 'planned' ? outcome.commit : '');
    core.setOutput('production', String(tasks.some((task) => task.environment === 'production')));
    if (outcome.kind === 'config-invalid') core.setFailed('handoff.yml is not valid; no task was planned (see the annotations)');
    else if (outcome.kind === 'planned') core.info(`planned ${tasks.length} task(s), refused ${outcome.refused.length}, skipped ${outcome.skipped.length}`);
    else core.info(`branch ${outcome.branch} is not in workflow.branches; nothing planned`);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
