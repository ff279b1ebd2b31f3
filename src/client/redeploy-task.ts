import path from 'node:path';
import type { HandoffConfig } from '../config/config-schema.js';
import type { LoadedConfig } from '../config/load-config.js';
import { environmentOf, resultSiteOf, siteNamed, type Site } from '../config/sites.js';
import { siteUrlOf } from '../config/site-url.js';
import { readResultOf, successfulDeploys, type FoundResult } from '../result/find-results.js';
import { sourceCommitOf } from '../worker/source-choice.js';
import { loadTask } from '../task/load-task.js';
import { numberedBrief } from '../lifecycle/new-task-file.js';
import { PRODUCTION_CONFIRMATION, type Environment } from '../primitives/task-types.js';
import type { Task } from '../task/validate-task.js';
import { AgentError } from '../errors/agent-error.js';
import { submitTask } from './submit-task.js';
import { taskFileText, taskStamps, writeTask } from './task-writer.js';
import { httpUrlProblem } from '../validation/http-url.js';

export type Redeploy =
  | { kind: 'promote'; stagingTaskId: string; changesSummary?: string }
  | { kind: 'rollback'; environment: Environment; to?: string; /** The site of handoff.yml's `sites:` (needed when there are several). */ site?: string };

export interface RedeployTask {
  /** tasks/pending/<id>.md, written and validated. */
  file: string;
  id: string;
  environment: Environment;
  /** The commit the task will build, as far as the results here say. */
  commit: string;
  /** The deploy it replaces (rollback) or promotes. */
  from: string | null;
  to: string;
  /** Removes the file again: the caller's submit was refused. */
  discard(): Promise<void>;
}

/**
 * Writes the task of `handoff promote` or `handoff rollback`: a hugo-deploy naming the earlier
 * result whose commit it builds (promote_from, rollback_to). The worker checks that result again
 * when it runs; the checks here only give the user the answer sooner. A production task carries
 * the typed confirmation; the caller submits it through the same gate as any other.
 */
export async function writeRedeployTask(root: string, request: Redeploy, now: Date, loaded: LoadedConfig): Promise<RedeployTask> {
  const config: HandoffConfig = loaded.ok ? loaded.config : {};
  let environment: Environment;
  let target: FoundResult;
  let from: FoundResult | undefined;
  let fields: Record<string, unknown>;
  let site: Site;
  if (request.kind === 'promote') {
    environment = 'production';
    const staging = await readResultOf(root, request.stagingTaskId);
    if (!staging) throw new AgentError('not-found', `no result for ${request.stagingTaskId} (results/*/${request.stagingTaskId}.result.md); promote names a staging deploy that has run`);
    if (staging.result.type !== 'hugo-deploy' || staging.result.environment !== 'staging') {
      throw new AgentError('refused', `${request.stagingTaskId} is a ${staging.result.type} in ${staging.result.environment}; promote takes a staging hugo-deploy`);
    }
    if (staging.result.status !== 'success') throw new AgentError('refused', `${request.stagingTaskId} failed; only a successful staging deploy can be promoted`);
    // The production task is of the staging deploy's site.
    site = siteOf(config, staging.result.site);
    target = staging;
    const stagingTask = await taskOf(root, staging);
    fields = {
      description: `Promote ${request.stagingTaskId} to production`,
      promote_from: request.stagingTaskId,
      confirmation: PRODUCTION_CONFIRMATION,
      changes_summary: request.changesSummary ?? stagingTask?.changes_summary ?? stagingTask?.description ?? `The site as deployed to staging by ${request.stagingTaskId}`,
      staging_url: urlOf(staging) ?? environmentUrl(site, 'staging') ?? environmentUrl(site, 'production'),
    };
  } else {
    environment = request.environment;
    site = siteOf(config, request.site);
    const resultSite = resultSiteOf(config, site);
    const deploys = await successfulDeploys(root, environment, resultSite);
    from = deploys[0];
    const chosen = request.to ? await readResultOf(root, request.to) : deploys[1];
    if (!chosen) {
      throw new AgentError(
        'not-found',
        request.to ? `no result for ${request.to}` : `no earlier successful ${environment} deploy to roll back to (${deploys.length} successful deploy${deploys.length === 1 ? '' : 's'} recorded)`,
      );
    }
    if (chosen.result.type !== 'hugo-deploy' || chosen.result.environment !== environment || chosen.result.status !== 'success') {
      throw new AgentError('refused', `${chosen.result.task_id} is not a successful ${environment} hugo-deploy (${chosen.result.type}, ${chosen.result.environment}, ${chosen.result.status})`);
    }
    if (chosen.result.site !== resultSite) throw new AgentError('refused', `${chosen.result.task_id} is a deploy of ${chosen.result.site === undefined ? 'no named site' : `site ${chosen.result.site}`}, not of site ${site.name}`);
    target = chosen;
    const summary = `Roll ${environment} back from ${from ? from.result.task_id : '(no recorded deploy)'} to ${chosen.result.task_id}`;
    fields = {
      description: summary,
      rollback_to: chosen.result.task_id,
      ...(environment === 'production'
        ? { confirmation: PRODUCTION_CONFIRMATION, changes_summary: summary, staging_url: environmentUrl(site, 'staging') ?? environmentUrl(site, 'production') ?? urlOf(chosen) }
        : {}),
    };
  }
  const commit = sourceCommitOf(target.result);
  if (!commit) throw new AgentError('refused', `${target.result.task_id}'s result records no source commit to build`);
  // The same build settings as the deploy it repeats, so a rollback rebuilds the same files; a
  // promote swaps in production's base_url ("production settings").
  const targetTask = await taskOf(root, target);
  const params: Record<string, unknown> = targetTask?.type === 'hugo-deploy' ? { ...targetTask.params } : {};
  delete params.dry_run;
  params.site_path ??= site.path;
  if (!params.site_path) throw new AgentError('refused', `cannot tell the site_path of ${target.result.task_id} (its task file is gone and handoff.yml has no site_path)`);
  if (request.kind === 'promote') {
    const productionBase = environmentOf(site, 'production')?.base_url;
    if (productionBase) params.base_url = productionBase;
    else delete params.base_url;
  }

  const stamps = taskStamps(now, loaded.ok ? config : undefined);
  const front = {
    type: 'hugo-deploy',
    environment,
    ...(site.declared ? { site: site.name } : {}),
    ...fields,
    created: stamps.created,
    requested_by: stamps.requested_by,
    params,
  };
  const body = request.kind === 'promote'
    ? `Builds the commit staging deployed (${commit}) with production settings and deploys it.\n`
    : `Redeploys the commit of ${target.result.task_id} (${commit}).\n`;
  const written = await writeTask(
    root,
    (attempt) => {
      const id = `${stamps.timestamp}-hugo-deploy-${numberedBrief(request.kind, attempt)}`;
      return { id, text: taskFileText({ id, ...front }, body) };
    },
    { distinct: true, config: loaded.ok ? config : undefined },
  );
  if (!written.ok && written.reason === 'id-taken') throw new AgentError('refused', `no free task id for the ${request.kind}: ${written.id} is already used by ${written.usedBy}`);
  if (!written.ok) throw new AgentError('refused', `the ${request.kind} task did not validate; nothing was written`, written.problems);
  const { id, path: file } = written;
  return {
    file,
    id,
    environment,
    commit,
    from: request.kind === 'promote' ? request.stagingTaskId : (from?.result.task_id ?? null),
    to: target.result.task_id,
    discard: written.discard,
  };
}

async function taskOf(root: string, found: FoundResult): Promise<Task | undefined> {
  const file = found.result.task_file;
  if (typeof file !== 'string' || !/^tasks\/[a-z-]+\/[^/]+\.md$/.test(file)) return undefined;
  const loaded = await loadTask(path.join(root, file), { repoRoot: root, shownAs: file }).catch(() => undefined);
  return loaded?.ok ? loaded.task : undefined;
}

/** The URL a result reports, without its query or fragment, when it passes the one URL rule. */
function urlOf(found: FoundResult): string | undefined {
  const url = found.result.outputs.url;
  if (typeof url !== 'string') return undefined;
  const plain = url.replace(/[?#].*$/, '');
  return httpUrlProblem(plain) === undefined ? plain : undefined;
}

function environmentUrl(site: Site, environment: Environment): string | undefined {
  const settings = environmentOf(site, environment);
  return siteUrlOf(settings);
}

export interface RedeploySubmission {
  root: string;
  request: Redeploy;
  /** handoff.yml as the edge loaded it. */
  config: LoadedConfig;
  now: Date;
  confirm?: string;
  ask?: (warning: string) => Promise<string>;
  push: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * Writes the promote or rollback task and submits it like any task: validated, production gated
 * on the user's typed confirmation, committed alone and pushed. A refused submit leaves no file.
 */
export async function submitRedeploy(submission: RedeploySubmission) {
  const written = await writeRedeployTask(submission.root, submission.request, submission.now, submission.config);
  try {
    const outcome = await submitTask({
      root: submission.root,
      file: written.file,
      config: submission.config,
      ...(submission.confirm !== undefined ? { confirm: submission.confirm } : {}),
      ...(submission.ask ? { ask: submission.ask } : {}),
      push: submission.push,
      env: submission.env,
    });
    return { ...outcome, kind: submission.request.kind, source_commit: written.commit, from: written.from, to: written.to };
  } catch (error) {
    await written.discard();
    throw error;
  }
}

/** The site a promote or rollback is of: named, or the only one; refused with the known sites. */
function siteOf(config: HandoffConfig, name: string | undefined): Site {
  const chosen = siteNamed(config, name);
  if (!chosen.ok) throw new AgentError('refused', `expected ${chosen.expected}; found ${chosen.found}`);
  return chosen.site;
}
