import type { PullRequestApi, PullRequestHead } from '../github/pull-request-api.js';
import type { PreviewRecord } from './preview-record.js';
import { markdownText } from './preview-summary.js';

/** Finds handoff's own comment among a pull request's comments; invisible in the rendered comment. */
export const PREVIEW_COMMENT_MARKER = '<!-- handoff:preview -->';

/**
 * The GitHub deployment environment of a pull request's preview: one per pull request, marked
 * transient, so the PR's timeline and checks box show its URL and closing it retires it.
 */
export function previewEnvironmentOf(pullRequest: number): string {
  return `preview/pr-${pullRequest}`;
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
  deploymentId: number;
  commentId: number;
  commentCreated: boolean;
}

/**
 * Tells a pull request where its preview is: a deployment of the commit deployed to the pull
 * request's transient environment with a success status carrying the URL (the first site's, when
 * there are several), and the one comment listing every site's preview.
 */
export async function announcePreview(
  api: PullRequestApi,
  announce: { pullRequest: number; /** The commit deployed: the deployment's ref. */ commit: string; records: readonly PreviewRecord[]; runUrl: string | null },
): Promise<Announcement> {
  const [first] = announce.records;
  if (!first) throw new Error(`pull request #${announce.pullRequest}: no preview to announce`);
  const description = announce.records.length === 1 ? `Preview of ${first.branch}` : `Previews of ${first.branch} (${announce.records.length} sites)`;
  const deploymentId = await api.createDeployment({ ref: announce.commit, environment: previewEnvironmentOf(announce.pullRequest), description });
  await api.createDeploymentStatus(deploymentId, {
    state: 'success',
    environmentUrl: first.url,
    ...(announce.runUrl ? { logUrl: announce.runUrl } : {}),
    description: description.slice(0, 140),
  });
  const comment = await upsertPreviewComment(api, announce.pullRequest, previewCommentBody(announce.records, announce.runUrl));
  return { pullRequest: announce.pullRequest, deploymentId, commentId: comment.id, commentCreated: comment.created };
}

/** Marks every deployment of the pull request's environment inactive and says so in the comment. */
export async function retirePreview(api: PullRequestApi, retire: { pullRequest: number; removedPrefixes: readonly string[]; runUrl: string | null }): Promise<{ deactivated: number; commentId: number }> {
  const deployments = await api.deploymentsOf(previewEnvironmentOf(retire.pullRequest));
  for (const id of deployments) await api.createDeploymentStatus(id, { state: 'inactive', description: 'Pull request closed: preview removed' });
  const comment = await upsertPreviewComment(api, retire.pullRequest, removedCommentBody(retire.removedPrefixes, retire.runUrl));
  return { deactivated: deployments.length, commentId: comment.id };
}
