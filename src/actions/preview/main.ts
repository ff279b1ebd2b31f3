import * as core from '@actions/core';
import { gitFor, type Git } from '../../git/git-runner.js';
import { removeBranchPreview, sweepPreviews, type BranchRemoval } from '../../preview/preview-cleanup.js';
import { deployTargetFor, previewSettingsFrom, type DeployTarget, type PreviewSettings } from '../../preview/preview-target.js';
import { previewSummary, recordOf } from '../../preview/preview-summary.js';
import { changeRecords } from '../../preview/record-branch.js';
import { readConfigFromBranch } from '../../preview/trusted-config.js';
import { formatProblem } from '../../validation/problem.js';
import { treeDigest } from '../../files/tree-digest.js';
import { pullRequestApiFor, type PullRequestApi, type PullRequestHead } from '../../github/pull-request-api.js';
import { announcePreview, retirePreview, sameRepositoryPullRequests, type Announcement } from '../../preview/pull-request-preview.js';
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
    if (settings.command === 'digest') return await digest(settings);
    if (settings.command === 'verify') return await verify(settings);
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
      const fork = settings.pullRequest && settings.pullRequest.headRepository !== settings.job.repository;
      if (fork) {
        core.notice(`pull request #${settings.pullRequest?.number} comes from ${settings.pullRequest?.headRepository ?? 'a deleted repository'}: forks get no preview`);
        core.setOutput('deploy', 'false');
        return;
      }
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
    const api = apiFor(settings);
    const pulls = target.value.kind === 'preview' && api ? await pullRequestsToAnnounce(settings, api) : [];
    const record = recordOf(preview, target.value, { commit: settings.commit, deployedAt: new Date(), runUrl: settings.job.runUrl, fileCount: settings.fileCount, pullRequest: pulls[0]?.number ?? null });
    const pushed = await changeRecords(git, settings.remote, { put: [record], message: `handoff: ${record.kind} of ${record.branch} at ${record.commit.slice(0, 12)} is live at ${record.url} [skip ci]` });
    core.setOutput('url', record.url);
    core.setOutput('record-commit', pushed.commit ?? '');
    core.info(`recorded ${record.url} for ${record.branch} at ${record.commit} (push attempt ${pushed.attempts})`);
    const announced: Announcement[] = [];
    for (const pull of pulls) {
      // The preview is live and recorded: a failed announcement is a warning, not a failed deploy.
      try {
        announced.push(await announcePreview(api!, { pullRequest: pull.number, commit: record.commit, records: [record], runUrl: settings.job.runUrl }));
      } catch (error) {
        core.warning(`pull request #${pull.number}: the preview is live at ${record.url} but could not be posted: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    core.setOutput('pull-requests', announced.map((entry) => String(entry.pullRequest)).join(' '));
    core.setOutput('deployment-ids', announced.map((entry) => String(entry.deploymentId)).join(' '));
    for (const entry of announced) core.info(`pull request #${entry.pullRequest}: deployment ${entry.deploymentId}, comment ${entry.commentId} ${entry.commentCreated ? 'created' : 'updated'}`);
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
    const api = apiFor(settings);
    const pull = settings.pullRequest;
    const removed = !outcome.removal.refused && outcome.removal.errors.length === 0;
    // A preview still in the bucket stays announced: the deployment goes inactive only once it is gone.
    if (api && pull && pull.headRepository === settings.job.repository && removed) {
      const retired = await retirePreview(api, { pullRequest: pull.number, removedPrefixes: [outcome.removal.prefix], runUrl: settings.job.runUrl });
      core.setOutput('deactivated', String(retired.deactivated));
      core.info(`pull request #${pull.number}: ${retired.deactivated} deployment(s) marked inactive, comment ${retired.commentId} updated`);
    }
  } finally {
    close();
  }
}

async function sweep(settings: PreviewActionSettings, preview: PreviewSettings, git: Git): Promise<void> {
  const { store, folders, close } = await storeFor(settings, preview);
  try {
    const outcome = await sweepPreviews(preview, new Date(), { git, remote: settings.remote, store, folders });
    for (const problem of outcome.problems) core.warning(problem);
    const unrecorded = outcome.unrecorded.map(({ folder, removal }) => ({ branch: `unrecorded ${folder.name} (last written ${folder.newest.toISOString()})`, removal, recordRemoved: false }));
    report([...outcome.removals, ...unrecorded]);
    core.setOutput('swept', String(outcome.removals.filter((entry) => entry.recordRemoved).length));
    core.setOutput('unrecorded-removed', outcome.unrecorded.filter(({ removal }) => !removal.refused && removal.errors.length === 0).map(({ folder }) => folder.prefix).join('\n'));
    const lines = outcome.removals.map((entry) => `- ${describeRemoval(entry)}`);
    const orphanLines = unrecorded.map((entry) => `- ${describeRemoval(entry)}`);
    await core.summary
      .addRaw(
        `## handoff preview sweep\n\nPreviews older than ${preview.maxAgeDays} days: ${outcome.stale.length}\n\n${lines.join('\n')}\n\n` +
          `Folders under ${preview.previewPrefix} with no record, untouched for ${preview.unrecordedGraceHours} hours: ${outcome.unrecorded.length}\n\n${orphanLines.join('\n')}\n`,
      )
      .write();
  } finally {
    close();
  }
}

/** The GitHub API, where there is one to ask: not under act, and only with a token. */
function apiFor(settings: PreviewActionSettings): PullRequestApi | undefined {
  if (settings.job.underAct || !settings.token) return undefined;
  return pullRequestApiFor({ apiUrl: settings.job.apiUrl, token: settings.token, repository: settings.job.repository });
}

/**
 * The pull requests to post the preview on: the event's own (a pull_request run), else the open
 * ones whose head is this branch (a push run: the push and the pull request's synchronize run
 * share one concurrency group, so whichever deploys also announces). Never a fork's.
 */
async function pullRequestsToAnnounce(settings: PreviewActionSettings, api: PullRequestApi): Promise<PullRequestHead[]> {
  const event = settings.pullRequest;
  if (event) {
    const head = { number: event.number, headRef: event.headRef, headSha: event.headSha, headRepository: event.headRepository, htmlUrl: '' };
    return sameRepositoryPullRequests([head], settings.job.repository, settings.branch);
  }
  try {
    return sameRepositoryPullRequests(await api.openPullRequestsOf(settings.branch), settings.job.repository, settings.branch);
  } catch (error) {
    core.warning(`could not list the open pull requests of ${settings.branch}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

async function digest(settings: PreviewActionSettings): Promise<void> {
  const value = await treeDigest(settings.sourceDir);
  core.setOutput('digest', value);
  core.info(`${settings.sourceDir}: ${value}`);
}

/** The deploy job's check that the artifact it downloaded is the tree the build job built. */
async function verify(settings: PreviewActionSettings): Promise<void> {
  const value = await treeDigest(settings.sourceDir);
  core.setOutput('digest', value);
  if (value !== settings.expectedDigest) {
    core.setFailed(`${settings.sourceDir}: the downloaded site's digest is ${value}, the build job's was ${settings.expectedDigest}: nothing deployed`);
    return;
  }
  core.info(`${settings.sourceDir}: ${value}, as built`);
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
