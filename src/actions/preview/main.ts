import * as core from '@actions/core';
import { gitFor, type Git } from '../../git/git-runner.js';
import { removeBranchPreview, sweepPreviews, type BranchRemoval } from '../../preview/preview-cleanup.js';
import { deployTargetFor, previewSettingsFrom, type DeployTarget, type PreviewSettings } from '../../preview/preview-target.js';
import { previewSummary, recordOf } from '../../preview/preview-summary.js';
import { changeRecords } from '../../preview/record-branch.js';
import { readConfigFromBranch } from '../../preview/trusted-config.js';
import { formatProblem } from '../../validation/problem.js';
import { readPreviewSettings, type PreviewActionSettings } from './settings.js';

/**
 * The preview action, one command per step of the dev-deploy workflow: `target` (where this push
 * deploys), `record` (the machine-readable record and the job summary), `remove` (a deleted
 * branch's preview) and `sweep` (previews older than previews.max_age_days).
 */
export async function run(): Promise<void> {
  try {
    const settings = readPreviewSettings();
    if (settings.token) core.setSecret(settings.token);
    const git = gitFor(settings.repoRoot, {
      env: settings.env,
      identity: settings.identity,
      ...(settings.token ? { token: settings.token, serverUrl: settings.job.serverUrl } : {}),
    });
    const loaded = await readConfigFromBranch(git, settings.remote, settings.configBranch);
    if (!loaded.ok) {
      for (const problem of loaded.problems) core.error(formatProblem(problem), { title: 'handoff.yml', file: problem.file, ...(problem.line ? { startLine: problem.line } : {}) });
      core.setFailed(`handoff.yml on ${settings.configBranch} is not valid; nothing was deployed or removed`);
      return;
    }
    const resolved = previewSettingsFrom(loaded.config, { requireRoleArn: settings.requireRoleArn });
    if (!resolved.ok && resolved.unconfigured) {
      core.notice(`${resolved.message} (read from ${settings.configBranch})`);
      core.setOutput('deploy', 'false');
      return;
    }
    if (!resolved.ok) return core.setFailed(`${resolved.message} (read from ${settings.configBranch})`);
    const preview = resolved.value;

    if (settings.command === 'sweep') return await sweep(settings, preview, git);
    if (settings.command === 'remove') return await remove(settings, preview, git);
    const target = deployTargetFor(preview, settings.branch, settings.devBranch);
    if (settings.command === 'target') {
      setEnvironmentOutputs(preview, loaded.config.site_path ?? '.');
      if (!target.ok) {
        core.notice(target.message);
        core.setOutput('deploy', 'false');
        return;
      }
      setTargetOutputs(target.value);
      core.info(`${settings.branch} deploys ${target.value.kind === 'dev' ? 'the dev site' : `its preview (${target.value.slug})`} to s3://${preview.bucket}/${target.value.prefix} at ${target.value.url}`);
      return;
    }
    if (!target.ok) return core.setFailed(target.message);
    const record = recordOf(preview, target.value, { commit: settings.commit, deployedAt: new Date(), runUrl: settings.job.runUrl });
    const pushed = await changeRecords(git, settings.remote, { put: [record], message: `handoff: ${record.kind} of ${record.branch} at ${record.commit.slice(0, 12)} is live at ${record.url} [skip ci]` });
    core.setOutput('url', record.url);
    core.setOutput('record-commit', pushed.commit ?? '');
    core.info(`recorded ${record.url} for ${record.branch} at ${record.commit} (push attempt ${pushed.attempts})`);
    await core.summary.addRaw(previewSummary(record)).write();
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

/** The dev environment's settings: set whether or not this branch deploys (the remove and sweep jobs need the role too). */
function setEnvironmentOutputs(preview: PreviewSettings, sitePath: string): void {
  core.setOutput('site-path', sitePath);
  core.setOutput('bucket', preview.bucket);
  core.setOutput('region', preview.region);
  core.setOutput('role-arn', preview.roleArn ?? '');
  core.setOutput('distribution-id', preview.distributionId ?? '');
  core.setOutput('max-deletes', String(preview.maxDeletes));
  core.setOutput('s3-endpoint', preview.s3Endpoint ?? '');
}

function setTargetOutputs(target: DeployTarget): void {
  core.setOutput('deploy', 'true');
  core.setOutput('kind', target.kind);
  core.setOutput('slug', target.slug ?? '');
  core.setOutput('url', target.url);
  core.setOutput('site-url', target.siteUrl);
  core.setOutput('prefix', target.prefix);
  core.setOutput('exclude', target.exclude.join('\n'));
}

/** The bucket, its SDK loaded on use: target and record, most of this action's runs, never need it. */
async function storeFor(settings: PreviewActionSettings, preview: PreviewSettings) {
  const { openPreviewStore } = await import('../../preview/preview-store.js');
  return openPreviewStore(preview, { endpointOverride: settings.s3Endpoint, credentials: settings.credentials });
}

async function remove(settings: PreviewActionSettings, preview: PreviewSettings, git: Git): Promise<void> {
  const { store, close } = await storeFor(settings, preview);
  try {
    const outcome = await removeBranchPreview(preview, settings.branch, settings.devBranch, { git, remote: settings.remote, store });
    report([outcome]);
    core.setOutput('removed', String(outcome.removal.deleted));
    await core.summary.addRaw(`## handoff preview removed\n\n${describeRemoval(outcome)}\n`).write();
  } finally {
    close();
  }
}

async function sweep(settings: PreviewActionSettings, preview: PreviewSettings, git: Git): Promise<void> {
  const { store, close } = await storeFor(settings, preview);
  try {
    const outcome = await sweepPreviews(preview, new Date(), { git, remote: settings.remote, store });
    for (const problem of outcome.problems) core.warning(problem);
    report(outcome.removals);
    core.setOutput('swept', String(outcome.removals.filter((entry) => entry.recordRemoved).length));
    const lines = outcome.removals.map((entry) => `- ${describeRemoval(entry)}`);
    await core.summary.addRaw(`## handoff preview sweep\n\nPreviews older than ${preview.maxAgeDays} days: ${outcome.stale.length}\n\n${lines.join('\n')}\n`).write();
  } finally {
    close();
  }
}

function report(removals: readonly BranchRemoval[]): void {
  const failed = removals.filter((entry) => entry.removal.refused || entry.removal.errors.length > 0);
  for (const entry of removals) core.info(describeRemoval(entry));
  if (failed.length > 0) core.setFailed(failed.map(describeRemoval).join('; '));
}

function describeRemoval(entry: BranchRemoval): string {
  const { removal } = entry;
  if (removal.refused) {
    return `${entry.branch}: ${removal.refused.count} objects under ${removal.prefix} exceed the max-deletes guard of ${removal.refused.limit}; nothing deleted (raise previews.max_deletes or remove them by hand)`;
  }
  if (removal.errors.length > 0) return `${entry.branch}: removing ${removal.prefix} failed: ${removal.errors.join('; ')}`;
  return `${entry.branch}: deleted ${removal.deleted} objects under ${removal.prefix}${entry.recordRemoved ? ', record removed' : ''}`;
}
