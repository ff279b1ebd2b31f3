import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import type { DeployReport } from '../../deploy/deploy.js';
import { gitFor } from '../../git/git-runner.js';
import { gitInfoFor } from '../../git/git-info.js';
import { successfulDeploys } from '../../result/find-results.js';
import { decideApproval, isTemplateOrConfig } from '../../worker/deploy-plan.js';
import { defaultRunDependencies } from '../../worker/run-task.js';
import { sourceCommitOf } from '../../worker/source-choice.js';
import { runWorker, siteLookupFor } from '../../worker/task-workers.js';
import { loadTask } from '../../task/load-task.js';
import { printJson, printProblems, repositoryRelative, UsageError, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';
import { deployOverridesFrom } from './run-task.js';

/**
 * `handoff plan <task-file>`: builds the site and plans the deploy against the live bucket (a dry
 * run: nothing uploaded, deleted or invalidated), then answers whether the user must be asked
 * first, by handoff.yml's approval thresholds. The task file is not moved and no result is written.
 */
export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [taskArgument, ...extra] = parsed.positionals;
  if (!taskArgument || extra.length > 0) throw new UsageError('expected exactly one task file');
  const relative = repositoryRelative(context, taskArgument);
  const config = await loadConfig(context.root);
  const loaded = await loadTask(path.join(context.root, relative), { repoRoot: context.root, shownAs: relative, ...(config.ok ? { config: config.config } : {}) });
  if (!loaded.ok) {
    if (context.json) printJson(context, { ok: false, problems: loaded.problems });
    else printProblems(context, loaded.problems);
    return 1;
  }
  const task = loaded.task;
  if (task.type !== 'hugo-deploy') throw new UsageError(`${relative} is a ${task.type}; handoff plan plans hugo-deploy tasks`);
  const site = siteLookupFor(config, task.site);
  const head = await gitInfoFor(context.root).headCommit();
  let report: DeployReport | undefined;
  const worker = await runWorker(context.root, task, {
    ...defaultRunDependencies,
    now: context.now,
    commit: head ?? null,
    deployOverrides: deployOverridesFrom(context.env, true),
    onLine: () => {},
    onDeployReport: (captured) => {
      report = captured;
    },
  }, site);
  const plan = report?.plan;
  if (worker.error || !plan || !report) {
    const message = worker.error?.message ?? 'the deploy could not be planned';
    if (context.json) printJson(context, { ok: false, task_id: task.id, error: worker.error ?? { message }, log: worker.log });
    else context.stderr(`handoff: ${message}\n${worker.log}\n`);
    return 1;
  }

  const builtCommit = typeof worker.outputs.source_commit === 'string' ? worker.outputs.source_commit : undefined;
  const previous = (await successfulDeploys(context.root, task.environment, site.ok ? site.resultSite : undefined))[0];
  const previousCommit = previous ? sourceCommitOf(previous.result) : undefined;
  let templateChanges: string[] | undefined;
  if (previousCommit && builtCommit) {
    const diff = await gitFor(context.root, { env: context.env })(['diff', '--name-only', '-z', previousCommit, builtCommit], { allowFailure: true });
    if (diff.exitCode === 0) templateChanges = diff.stdout.split('\0').filter(Boolean).filter((file) => isTemplateOrConfig(task.params.site_path, file));
  }
  const decision = decideApproval(task, plan, { templateChanges, previousDeploy: previous ? `${previous.result.task_id}${previousCommit ? ` (${previousCommit.slice(0, 12)})` : ''}` : undefined }, config.ok ? config.config.approval : undefined);
  const answer = {
    ok: true,
    task_id: task.id,
    environment: task.environment,
    commit: builtCommit ?? null,
    approval: decision.approval,
    reasons: decision.reasons,
    previous_deploy: previous ? { task_id: previous.result.task_id, commit: previousCommit ?? null } : null,
    plan: {
      uploads: plan.uploads,
      deletes: plan.deletes,
      invalidation_paths: report.invalidation.paths,
      upload_count: plan.uploads.length,
      delete_count: plan.deletes.length,
      skipped: plan.skipped,
      bytes_to_upload: plan.bytesToUpload,
      changed_share: Math.round(decision.changedShare * 1000) / 1000,
    },
    summary: report.summary,
  };
  if (context.json) printJson(context, answer);
  else {
    const lines = [`approval: ${answer.approval}`, ...answer.reasons.map((reason) => `  - ${reason}`), `plan: ${report.summary}`];
    for (const upload of plan.uploads) lines.push(`  upload ${upload.key} (${upload.reason}, ${upload.bytes} bytes)`);
    for (const key of plan.deletes) lines.push(`  delete ${key}`);
    if (report.invalidation.paths.length) lines.push(`  invalidate ${report.invalidation.paths.join(' ')}`);
    context.stdout(`${lines.join('\n')}\n`);
  }
  return 0;
}
