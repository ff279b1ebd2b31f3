import type { PullRequestApi, PullRequestHead } from '../github/pull-request-api.js';
import type { PreviewRecord } from './preview-record.js';
import { markdownText } from './preview-summary.js';

/** Finds handoff's own comment among a pull request's comments; invisible in the rendered comment. */
export const PREVIEW_COMMENT_MARKER = '<!-- handoff:preview -->';

/**
 * The GitHub deployment environment of a pull request's preview: one per pull request (and site,
 * with the sites: form), marked transient, so the PR's timeline and checks box show each site's
 * URL and closing it retires them.
 */
export function previewEnvironmentOf(pullRequest: number, site: string | null = null): string {
  return site ? `preview/pr-${pullRequest}/${site}` : `preview/pr-${pullRequest}`;
}

/**
 * The pull requests a branch's preview is announced on: only those whose head is this
 * repository's branch. A fork's pull request never gets one (forks get no credentials, and a
 * fork's branch of the same name is not this branch).
 */
export function sameRepositoryPullRequests(pulls: readonly PullRequestHead[], repository: string, branch: string): PullRequestHead[] {
  return pulls.filter((pull) => pull.headRepository === repository && pull.headRef === branch);
}

/** The comment: one row per site previewed for the branch. Pure. */
export function previewCommentBody(records: readonly PreviewRecord[], runUrl: string | null): string {
  const rows = records.map((record) => `| ${record.site ? markdownText(record.site) : 'site'} | ${record.url} | \`${record.commit.slice(0, 12)}\` | ${record.deployed_at} |`);
  return [
    PREVIEW_COMMENT_MARKER,
    `### Preview${records.length === 1 ? '' : 's'} deployed`,
    '',
    '| site | URL | commit | deployed at |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Updated on every push${runUrl ? ` ([latest run](${runUrl}))` : ''}; removed when this pull request is closed. Agents read it with \`handoff preview <number>\`.`,
    '',
  ].join('\n');
}

/** The comment once the pull request is closed and its preview removed. Pure. */
export function removedCommentBody(removed: readonly string[], runUrl: string | null): string {
  return [
    PREVIEW_COMMENT_MARKER,
    '### Preview removed',
    '',
    `This pull request is closed: ${removed.length > 0 ? removed.map((prefix) => `\`${prefix}\``).join(', ') : 'its preview'} ${removed.length === 1 ? 'was' : 'were'} removed from the dev bucket${runUrl ? ` ([run](${runUrl}))` : ''}.`,
    '',
  ].join('\n');
}

/** Creates the comment, or updates the one handoff wrote before: a pull request holds one. */
export async function upsertPreviewComment(api: PullRequestApi, pullRequest: number, body: string): Promise<{ id: number; created: boolean }> {
  const existing = await api.findComment(pullRequest, PREVIEW_COMMENT_MARKER);
  if (existing !== undefined) {
    await api.updateComment(existing, body);
    return { id: existing, created: false };
  }
  return { id: await api.createComment(pullRequest, body), created: true };
}

export interface Announcement {
  pullRequest: number;
  /** One deployment per site deployed by this run. */
  deploymentIds: number[];
  commentId: number;
  commentCreated: boolean;
}

/**
 * Tells a pull request where its previews are: for each site this run deployed, a deployment of
 * the commit to the site's transient environment with a success status carrying its URL; and the
 * one comment listing every site's preview of the branch, those an earlier push deployed too.
 */
export async function announcePreview(
  api: PullRequestApi,
  announce: {
    pullRequest: number;
    /** Every record of the branch: the comment's rows. */
    records: readonly PreviewRecord[];
    /** The records this run wrote: each gets a deployment of its commit. */
    deployed: readonly PreviewRecord[];
    runUrl: string | null;
  },
): Promise<Announcement> {
  if (announce.records.length === 0) throw new Error(`pull request #${announce.pullRequest}: no preview to announce`);
  const deploymentIds: number[] = [];
  for (const record of announce.deployed) {
    const description = `Preview of ${record.branch}${record.site ? ` (site ${record.site})` : ''}`.slice(0, 140);
    const deploymentId = await api.createDeployment({ ref: record.commit, environment: previewEnvironmentOf(announce.pullRequest, record.site ?? null), description });
    await api.createDeploymentStatus(deploymentId, { state: 'success', environmentUrl: record.url, ...(announce.runUrl ? { logUrl: announce.runUrl } : {}), description });
    deploymentIds.push(deploymentId);
  }
  const comment = await upsertPreviewComment(api, announce.pullRequest, previewCommentBody(announce.records, announce.runUrl));
  return { pullRequest: announce.pullRequest, deploymentIds, commentId: comment.id, commentCreated: comment.created };
}

/** Marks every deployment of the pull request's environments (one per site) inactive and says so in the comment. */
export async function retirePreview(
  api: PullRequestApi,
  retire: { pullRequest: number; sites: readonly (string | null)[]; removedPrefixes: readonly string[]; runUrl: string | null },
): Promise<{ deactivated: number; commentId: number }> {
  const deployments: number[] = [];
  for (const site of retire.sites) deployments.push(...(await api.deploymentsOf(previewEnvironmentOf(retire.pullRequest, site))));
  for (const id of deployments) await api.createDeploymentStatus(id, { state: 'inactive', description: 'Pull request closed: preview removed' });
  const comment = await upsertPreviewComment(api, retire.pullRequest, removedCommentBody(retire.removedPrefixes, retire.runUrl));
  return { deactivated: deployments.length, commentId: comment.id };
}
