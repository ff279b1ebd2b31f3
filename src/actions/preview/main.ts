import * as core from '@actions/core';
import { gitFor, type Git } from '../../git/git-runner.js';
import { removeBranchPreview, sweepPreviews, type BranchRemoval } from '../../preview/preview-cleanup.js';
import { deployTargetFor, previewPrefixOf, previewSitesFrom, type DeployTarget, type PreviewOptions } from '../../preview/preview-target.js';
import { sitesToRebuild } from '../../preview/sites-to-rebuild.js';
import { changedPathsBetween } from '../../preview/changed-paths.js';
import { previewSummary, recordOf } from '../../preview/preview-summary.js';
import { changeRecords, readRecord } from '../../preview/record-branch.js';
import { readConfigFromBranch } from '../../preview/trusted-config.js';
import { formatProblem } from '../../validation/problem.js';
import { treeDigest } from '../../files/tree-digest.js';
import { pullRequestApiFor, type PullRequestApi, type PullRequestHead } from '../../github/pull-request-api.js';
import { announcePreview, retirePreview, sameRepositoryPullRequests, type Announcement } from '../../preview/pull-request-preview.js';
import { readPreviewSettings, type PreviewActionSettings } from './settings.js';
import { systemClock } from '../../clock.js';

/**
 * The preview action, one command per step of the dev-deploy workflow: `sites` (which sites this
 * push rebuilds, or every site for the removal and the sweep), `target` (where one site of this
 * push deploys), `digest` and `verify` (the built tree handed from build to deploy), `record`
 * (the machine-readable record and the job summary), `announce` (the pull request's deployments
 * and comment), `remove` and `retire` (a deleted branch's or closed pull request's preview) and
 * `sweep` (previews older than previews.max_age_days).
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
    const resolved = previewSitesFrom(loaded.config, { requireRoleArn: settings.requireRoleArn });
    if (!resolved.ok && resolved.unconfigured) {
      core.notice(`${resolved.message} (read from ${settings.configBranch})`);
      core.setOutput('deploy', 'false');
      core.setOutput('sites', '[]');
      core.setOutput('all-sites', '[]');
      return;
    }
    if (!resolved.ok) return core.setFailed(`${resolved.message} (read from ${settings.configBranch})`);
    const sites = resolved.value;
    if (settings.command === 'sites') return await sitesOfPush(settings, sites, git, loaded.commit);
    if (settings.command === 'announce') return await announce(settings, sites, git);
    if (settings.command === 'retire') return await retire(settings, sites);
    const preview = sites.find((site) => (site.site ?? '') === settings.site);
    if (!preview) {
      const known = sites.map((site) => site.site ?? '(the one-site form)').join(', ');
      return core.setFailed(`Invalid input 'site': '${settings.site}'. Expected a site with a dev environment in handoff.yml on ${settings.configBranch}: ${known}`);
    }

    if (settings.command === 'sweep') return await sweep(settings, preview, git);
    if (settings.command === 'remove') return await remove(settings, preview, git);
    const target = deployTargetFor(preview, settings.branch, settings.devBranch);
    if (settings.command === 'target') {
      if (isForkPullRequest(settings)) {
        core.notice(`pull request #${settings.pullRequest?.number} comes from ${settings.pullRequest?.headRepository ?? 'a deleted repository'}: forks get no preview`);
        core.setOutput('deploy', 'false');
        return;
      }
      setEnvironmentOutputs(preview);
      if (!target.ok) {
        core.notice(target.message);
        core.setOutput('deploy', 'false');
        return;
      }
      setTargetOutputs(target.value);
      core.info(`${settings.branch} deploys ${target.value.kind === 'dev' ? 'the dev site' : `its preview (${target.value.slug})`}${preview.site ? ` of site ${preview.site}` : ''} to s3://${preview.bucket}/${target.value.prefix} at ${target.value.url}`);
      return;
    }
    if (!target.ok) return core.setFailed(target.message);
    const api = apiFor(settings);
    const pulls = target.value.kind === 'preview' && api ? await pullRequestsToAnnounce(settings, api) : [];
    const record = recordOf(preview, target.value, { commit: settings.commit, deployedAt: systemClock(), runUrl: settings.job.runUrl, fileCount: settings.fileCount, pullRequest: pulls[0]?.number ?? null });
    const pushed = await changeRecords(git, settings.remote, {
      put: [record],
      message: `handoff: ${record.kind} of ${record.branch}${record.site ? ` (site ${record.site})` : ''} at ${record.commit.slice(0, 12)} is live at ${record.url} [skip ci]`,
    });
    core.setOutput('url', record.url);
    core.setOutput('record-commit', pushed.commit ?? '');
    core.info(`recorded ${record.url} for ${record.branch}${record.site ? ` (site ${record.site})` : ''} at ${record.commit} (push attempt ${pushed.attempts})`);
    await core.summary.addRaw(previewSummary(record)).write();
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

function isForkPullRequest(settings: PreviewActionSettings): boolean {
  return Boolean(settings.pullRequest && settings.pullRequest.headRepository !== settings.job.repository);
}

/**
 * The sites this run works on, as JSON arrays for the workflow's matrices (a site's name; "" for
 * the one-site form): `sites`, those a push or pull request rebuilds (sitesToRebuild on the paths
 * it changed); `all-sites`, every site with a dev environment (what a removal and the sweep go
 * through).
 */
async function sitesOfPush(settings: PreviewActionSettings, sites: readonly PreviewOptions[], git: Git, configCommit: string): Promise<void> {
  const names = (list: readonly PreviewOptions[]) => JSON.stringify(list.map((site) => site.site ?? ''));
  core.setOutput('all-sites', names(sites));
  const skip = (message: string) => {
    core.notice(message);
    core.setOutput('deploy', 'false');
    core.setOutput('sites', '[]');
  };
  if (!settings.deploysOnThisEvent) return skip(`${settings.job.eventName}: nothing to build; ${sites.length} site(s) with a dev environment`);
  if (isForkPullRequest(settings)) return skip(`pull request #${settings.pullRequest?.number} comes from ${settings.pullRequest?.headRepository ?? 'a deleted repository'}: forks get no preview`);
  // Which branches deploy is one setting for every site (previews.branches).
  const target = deployTargetFor(sites[0]!, settings.branch, settings.devBranch);
  if (!target.ok) return skip(target.message);
  // A branch's first push is compared with where it left the dev branch.
  const base = settings.diffBase ?? (settings.branch === settings.devBranch ? undefined : { commit: configCommit, forkPoint: true });
  const changed = base ? await changedPathsBetween(git, settings.remote, base, settings.commit) : undefined;
  const rebuilt = sitesToRebuild(sites, changed);
  for (const entry of rebuilt) core.info(`${entry.settings.site ?? settings.branch}: rebuilt (${entry.reason})`);
  for (const site of sites.filter((candidate) => !rebuilt.some((entry) => entry.settings === candidate))) {
    core.info(`${site.site}: not rebuilt (this ${settings.pullRequest ? 'pull request' : 'push'} changes nothing of it)`);
  }
  core.setOutput('sites', names(rebuilt.map((entry) => entry.settings)));
  core.setOutput('deploy', rebuilt.length > 0 ? 'true' : 'false');
  core.setOutput('kind', target.value.kind);
  await core.summary
    .addRaw(
      `## handoff dev deploy, sites: ${settings.branch}\n\n${rebuilt.length === 0 ? 'No site changed: nothing is rebuilt.\n' : rebuilt.map((entry) => `- ${entry.settings.site ?? 'the site'}: ${entry.reason}`).join('\n')}\n`,
    )
    .write();
}

/**
 * After every site's deploy: on the branch's pull requests, a deployment per site this run
 * deployed and the one comment listing every site's preview of the branch (the sites this push
 * left alone keep their earlier row). The previews are live and recorded: a failed announcement is
 * a warning, not a failed run.
 */
async function announce(settings: PreviewActionSettings, sites: readonly PreviewOptions[], git: Git): Promise<void> {
  const target = deployTargetFor(sites[0]!, settings.branch, settings.devBranch);
  const api = apiFor(settings);
  if (!target.ok || target.value.kind !== 'preview' || !api) return;
  const pulls = await pullRequestsToAnnounce(settings, api);
  if (pulls.length === 0) return;
  const lookup = await readRecord(git, settings.remote, settings.branch);
  if (!lookup.found) return core.warning(`no record of ${settings.branch} on ${settings.remote}: nothing to post on its pull request`);
  const configured = new Set(sites.map((site) => site.site ?? null));
  const records = lookup.records.filter((record) => configured.has(record.site ?? null));
  const deployed = records.filter((record) => record.commit === settings.commit);
  const announced: Announcement[] = [];
  for (const pull of pulls) {
    try {
      announced.push(await announcePreview(api, { pullRequest: pull.number, records, deployed, runUrl: settings.job.runUrl }));
    } catch (error) {
      core.warning(`pull request #${pull.number}: the preview is live at ${records.map((record) => record.url).join(', ')} but could not be posted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  core.setOutput('pull-requests', announced.map((entry) => String(entry.pullRequest)).join(' '));
  core.setOutput('deployment-ids', announced.flatMap((entry) => entry.deploymentIds.map(String)).join(' '));
  for (const entry of announced) core.info(`pull request #${entry.pullRequest}: deployment(s) ${entry.deploymentIds.join(', ')}, comment ${entry.commentId} ${entry.commentCreated ? 'created' : 'updated'}`);
}

/** The dev environment's settings: set whether or not this branch deploys (the remove and sweep jobs need the role too). */
function setEnvironmentOutputs(preview: PreviewOptions): void {
  core.setOutput('site-path', preview.sitePath);
  core.setOutput('artifact', preview.site ? `handoff-dev-site-${preview.site}` : 'handoff-dev-site');
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
async function storeFor(settings: PreviewActionSettings, preview: PreviewOptions) {
  const { openPreviewStore } = await import('../../preview/preview-store.js');
  return openPreviewStore(preview, { endpointOverride: settings.s3Endpoint, credentials: settings.credentials });
}

async function remove(settings: PreviewActionSettings, preview: PreviewOptions, git: Git): Promise<void> {
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

/**
 * A closed pull request, once every site's preview of it is removed (the workflow runs this after
 * all the remove jobs succeeded): its deployments go inactive and the comment says what went. A
 * preview still in the bucket stays announced.
 */
async function retire(settings: PreviewActionSettings, sites: readonly PreviewOptions[]): Promise<void> {
  const api = apiFor(settings);
  const pull = settings.pullRequest;
  if (!api || !pull || pull.headRepository !== settings.job.repository) return;
  const retired = await retirePreview(api, {
    pullRequest: pull.number,
    sites: sites.map((site) => site.site),
    removedPrefixes: sites.map((site) => previewPrefixOf(site, settings.branch)),
    runUrl: settings.job.runUrl,
  });
  core.setOutput('deactivated', String(retired.deactivated));
  core.info(`pull request #${pull.number}: ${retired.deactivated} deployment(s) marked inactive, comment ${retired.commentId} updated`);
}

async function sweep(settings: PreviewActionSettings, preview: PreviewOptions, git: Git): Promise<void> {
  const { store, folders, close } = await storeFor(settings, preview);
  try {
    const outcome = await sweepPreviews(preview, systemClock(), { git, remote: settings.remote, store, folders });
    for (const problem of outcome.problems) core.warning(problem);
    const unrecorded = outcome.unrecorded.map(({ folder, removal }) => ({ branch: `unrecorded ${folder.name} (last written ${folder.newest.toISOString()})`, site: preview.site, removal, recordRemoved: false }));
    report([...outcome.removals, ...unrecorded]);
    core.setOutput('swept', String(outcome.removals.filter((entry) => entry.recordRemoved).length));
    core.setOutput('unrecorded-removed', outcome.unrecorded.filter(({ removal }) => !removal.refused && removal.errors.length === 0).map(({ folder }) => folder.prefix).join('\n'));
    const lines = outcome.removals.map((entry) => `- ${describeRemoval(entry)}`);
    const orphanLines = unrecorded.map((entry) => `- ${describeRemoval(entry)}`);
    await core.summary
      .addRaw(
        `## handoff preview sweep${preview.site ? ` (site ${preview.site})` : ''}\n\nPreviews older than ${preview.maxAgeDays} days: ${outcome.stale.length}\n\n${lines.join('\n')}\n\n` +
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
  return `${entry.branch}${entry.site ? ` (site ${entry.site})` : ''}: deleted ${removal.deleted} objects under ${removal.prefix}${entry.recordRemoved ? ', record removed' : ''}`;
}
