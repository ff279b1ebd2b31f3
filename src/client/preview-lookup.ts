import { type MonotonicClock, monotonicClock } from '../clock.js';
import { PREVIEW_RECORD_BRANCH, type PreviewRecord } from '../preview/preview-record.js';
import { readRecord, readRecords } from '../preview/record-branch.js';
import { AgentError } from '../errors/agent-error.js';
import type { AgentInterface } from './agent-interface.js';
import { agentGit, currentBranch, isGitRepository, remoteBranchFor } from '../branch-sync/git-remote.js';
import { abortableSleep } from './wait-for-result.js';

/** One site's deploy of the branch, as its record has it. */
export interface SitePreview {
  /** The site of handoff.yml's sites: form; null with the one-site form. */
  site: string | null;
  url: string;
  commit: string;
  deployed_at: string;
  run_url: string | null;
  file_count: number | null;
  /** Whether this site's deployed commit is the local head (null without a local branch). */
  up_to_date: boolean | null;
}

/**
 * What `handoff preview` and the preview_url tool answer. The top-level url, commit and times are
 * the branch's latest deploy (with the one-site form, its only one); `sites` lists every site's,
 * since a push rebuilds only the sites it changed and the others keep their earlier preview.
 */
export interface PreviewAnswer {
  ok: true;
  branch: string;
  /** The site of the latest deploy (null with the one-site form). */
  site: string | null;
  kind: PreviewRecord['kind'];
  url: string;
  /** The commit that was deployed. */
  commit: string;
  deployed_at: string;
  run_url: string | null;
  /** Files in the deployed site; null in records written before handoff kept the count. */
  file_count: number | null;
  /** The pull request the preview was posted on; null when none was open at deploy time. */
  pull_request: number | null;
  /** The branch's head in this clone; null when the clone has no such branch. */
  local_commit: string | null;
  /** Whether the latest deployed commit is the local head (null without a local branch). */
  up_to_date: boolean | null;
  sites: SitePreview[];
  waited_seconds: number;
}

export interface PreviewRequest {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Default: the checked-out branch. */
  branch?: string;
  /** A pull request instead of a branch: its head branch, as the records name it. */
  pullRequest?: number;
  /** Wait this long for a record of the local head (0: answer with what is there). */
  waitMs?: number;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: MonotonicClock;
  signal?: AbortSignal;
  /** Which interface asked, so hints name its flags or tool parameters (default cli). */
  via?: AgentInterface;
}

/**
 * A branch's dev deploy, read from the remote's handoff/previews branch with git (a fetch into a
 * remote-tracking ref; the work tree and the branch are never touched). With waitMs it polls until
 * the record names the local head, so an agent that just pushed gets the URL of what it pushed.
 */
export async function lookUpPreview(request: PreviewRequest): Promise<PreviewAnswer> {
  const git = agentGit(request.root, request.env);
  if (!(await isGitRepository(git))) throw new AgentError('refused', `${request.root} is not a git repository: previews are read from its remote`);
  const remote = (await remoteBranchFor(git))?.remote ?? 'origin';
  const now = request.now ?? monotonicClock;
  const sleep = request.sleep ?? ((ms: number) => abortableSleep(ms, request.signal));
  const started = now();
  const deadline = started + (request.waitMs ?? 0);
  const interval = request.intervalMs ?? 10_000;
  const branch = request.branch ?? (request.pullRequest !== undefined ? await branchOfPullRequest(request.pullRequest) : await currentBranch(git));
  if (!branch) {
    const how = (request.via ?? 'cli') === 'cli' ? 'handoff preview <branch>, or handoff preview --pr <number>' : 'preview_url with branch, or with pull_request';
    throw new AgentError('usage', `HEAD is detached: name the branch or the pull request (${how})`);
  }
  const local = (await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], { allowFailure: true })).stdout.trim() || null;

  /** The head branch of a pull request, from the record the workflow wrote when it posted the preview there; polled like a branch's record. */
  async function branchOfPullRequest(pullRequest: number): Promise<string> {
    for (;;) {
      const snapshot = await readRecords(git, remote);
      const record = snapshot?.records.find((candidate) => candidate.pull_request === pullRequest);
      if (record) return record.branch;
      const waited = Math.round((now() - started) / 1000);
      if (now() >= deadline || request.signal?.aborted) {
        const where = snapshot ? `no record on ${remote}/${PREVIEW_RECORD_BRANCH} names pull request #${pullRequest}` : `${remote} has no ${PREVIEW_RECORD_BRANCH} branch yet (no dev deploy has finished)`;
        throw new AgentError(
          'not-found',
          `no preview of pull request #${pullRequest} is recorded: ${where}${waited > 0 ? ` after waiting ${waited}s` : ''}. Only pull requests from this repository's branches that previews.branches takes get one (${(request.via ?? 'cli') === 'cli' ? `handoff preview --pr ${pullRequest} --wait 10m` : 'preview_url with wait_seconds 600'} waits for it).`,
        );
      }
      await sleep(Math.min(interval, Math.max(0, deadline - now())));
    }
  }

  for (;;) {
    const lookup = await readRecord(git, remote, branch);
    const waited = Math.round((now() - started) / 1000);
    const latest = lookup.found ? latestOf(lookup.records) : undefined;
    if (latest && lookup.found && (local === null || latest.commit === local || now() >= deadline || request.signal?.aborted)) {
      return {
        ok: true,
        branch,
        site: latest.site ?? null,
        kind: latest.kind,
        url: latest.url,
        commit: latest.commit,
        deployed_at: latest.deployed_at,
        run_url: latest.run_url,
        file_count: latest.file_count ?? null,
        pull_request: lookup.records.find((record) => record.pull_request)?.pull_request ?? null,
        local_commit: local,
        up_to_date: local === null ? null : latest.commit === local,
        sites: lookup.records.map((record) => ({
          site: record.site ?? null,
          url: record.url,
          commit: record.commit,
          deployed_at: record.deployed_at,
          run_url: record.run_url,
          file_count: record.file_count ?? null,
          up_to_date: local === null ? null : record.commit === local,
        })),
        waited_seconds: waited,
      };
    }
    if (!lookup.found && (now() >= deadline || request.signal?.aborted)) {
      if (lookup.reason === 'invalid') throw new AgentError('refused', lookup.message);
      const where = lookup.reason === 'no-record-branch' ? `${remote} has no ${PREVIEW_RECORD_BRANCH} branch yet (no dev deploy has finished)` : `${remote}/${PREVIEW_RECORD_BRANCH} has no record for ${branch}`;
      throw new AgentError(
        'not-found',
        `no dev deploy of ${branch} is recorded: ${where}${waited > 0 ? ` after waiting ${waited}s` : ''}. Pushed it? The dev-deploy workflow records it when its deploy finishes (${(request.via ?? 'cli') === 'cli' ? 'handoff preview --wait 10m' : 'preview_url with wait_seconds 600'} waits for it).`,
      );
    }
    await sleep(Math.min(interval, Math.max(0, deadline - now())));
  }
}

/** The branch's most recent deploy among its sites' records (ISO times in UTC compare as text). */
function latestOf(records: readonly PreviewRecord[]): PreviewRecord | undefined {
  return records.reduce<PreviewRecord | undefined>((latest, record) => (latest === undefined || record.deployed_at > latest.deployed_at ? record : latest), undefined);
}
