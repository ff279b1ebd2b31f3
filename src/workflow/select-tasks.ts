import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentConfig } from '../config/config-schema.js';
import type { Clock } from '../clock.js';
import { CONFIG_FILE, type LoadedConfig } from '../config/load-config.js';
import { classifyTaskProblems } from '../errors/task-problems.js';
import { claimTasks, type TaskToFail } from './claim-tasks.js';
import { RUN_TRAILER } from './commit-message.js';
import type { Git } from '../git/git-runner.js';
import { DEFAULT_RETRY, type RemoteBranch, type RetryPolicy } from '../git/push-with-retry.js';
import { pendingAt, pushedTaskFiles, type PushedTasks } from './pushed-tasks.js';
import { readTaskFolders } from '../lifecycle/task-tree.js';
import type { GitHubApi } from '../github/github-api.js';
import { productionUrlOf, type ProtectionCheck } from '../github/production-gate.js';
import type { PushEvent } from '../github/push-event.js';
import { taskFolder } from '../lifecycle/task-folders.js';
import { loadTask } from '../task/load-task.js';
import { CHANGES_LIVE_SITE } from '../primitives/task-types.js';
import type { Task } from '../task/validate-task.js';
import { formatProblem } from '../validation/problem.js';
import { matrixTaskFor, type MatrixTask } from './matrix.js';
import { branchMatches } from './branch-pattern.js';
import { lineOfKey, problemAnnotation, type Annotation, type SelectionOutcome, type ProductionNotice, type RefusedTask } from './selection-outcome.js';
import { lookUpProtection, newestStagingDeploy } from './production-notice.js';
import { classified, refusedResult, refusedToCommit } from './refused-result.js';
import { siteSourceOf } from './site-source.js';
import { concurrencyGroupFor, environmentOf, environmentPath, githubEnvironmentFor, resultSiteOf, siteNamed } from '../config/sites.js';
import { gateFilesChangedBetween, gateFilesChangedWith, trustedConfigAt, trustedConfigFromVariable, type TrustedConfig } from './trusted-config.js';

export interface SelectTasksInput {
  repoRoot: string;
  /** handoff.yml of the checkout, read by the action's edge (the pushed one: the tasks' defaults and sites). */
  config: LoadedConfig;
  target: RemoteBranch;
  /** The push that started the run; undefined for a dispatch or schedule (every pending task). */
  push: PushEvent | undefined;
  /**
   * Also take tasks already waiting in tasks/pending/ that this push did not bring: those of a
   * run GitHub cancelled while it was queued (a concurrency group keeps one pending run), or
   * requeued by the sweep. Claims are idempotent, so taking them here never runs one twice.
   */
  includeWaiting: boolean;
  /** At most this many tasks per run (a matrix holds 256 jobs); the rest wait for the next run. */
  maxTasks: number;
  /** Refuse a deploy whose environment has no role_arn (off under act, where keys come from the environment). */
  requireRoleArn: boolean;
  runId: string;
  runUrl: string | null;
  /**
   * handoff.yml's text from a repository variable: when given, the gates and deploy targets come
   * from it rather than from handoff.yml before the push.
   */
  trustedConfig?: { text: string; name: string };
}

export interface SelectTasksDeps {
  git: Git;
  /** Absent without a token: production tasks then fail closed. */
  github: GitHubApi | undefined;
  now: Clock;
  retry?: RetryPolicy;
}

const CLAIM_SKIP_REASONS = {
  gone: 'no longer in tasks/pending/ at the branch head (another run claimed it first)',
  changed: 'changed on the branch since this checkout; the run of that push takes it',
} as const;

/**
 * Plans one workflow run: finds the pushed task files, validates them, applies the production
 * gates (typed confirmation, protected environment) before any job asks for approval, claims the
 * good ones and fails the others with a result, in one commit. The other tasks of the push go on
 * whatever is wrong with one of them.
 */
export async function selectTasks(input: SelectTasksInput, deps: SelectTasksDeps): Promise<SelectionOutcome> {
  const loaded = input.config;
  if (!loaded.ok) {
    return {
      kind: 'config-invalid',
      problems: loaded.problems,
      annotations: loaded.problems.map((problem) => problemAnnotation(problem, 'handoff.yml is not valid')),
    };
  }
  const { git } = deps;
  const headCommit = (await git(['rev-parse', 'HEAD'])).stdout.trim();
  const source: PushedTasks | { kind: 'dispatch'; files: string[] } = input.push
    ? await pushedTaskFiles(
        git,
        { before: input.push.before, after: input.push.after, created: input.push.created, ...(input.push.defaultBranch ? { defaultBranch: input.push.defaultBranch } : {}) },
        input.target.remote,
      )
    : { kind: 'dispatch', files: await pendingAt(git, headCommit) };
  // Gates and targets never come from the pushed commits: an agent's push may change handoff.yml.
  const gates: TrustedConfig = input.trustedConfig
    ? trustedConfigFromVariable(input.trustedConfig.text, input.trustedConfig.name)
    : source.kind === 'diff'
      ? await trustedConfigAt(git, source.base, 'the branch before this push')
      : source.kind === 'dispatch'
        ? await trustedConfigAt(git, headCommit, 'the branch head; no push to look before')
        : { ok: false, reason: `there is no branch state before this push to read the gates from (${source.reason}); set the repository variable HANDOFF_CONFIG` };
  const config = gates.ok ? gates.config : loaded.config;
  const branches = config.workflow?.branches;
  if (branches && !branches.some((pattern) => branchMatches(pattern, input.target.branch))) {
    return { kind: 'branch-not-listed', branch: input.target.branch, branches };
  }
  const pushedGateFiles = input.push && source.kind === 'diff' ? await gateFilesChangedBetween(git, source.base, input.push.after) : [];
  const pushed = new Set(source.files);
  const waiting = input.includeWaiting ? await pendingAt(git, headCommit) : [];
  const considered = [...new Set([...source.files, ...waiting])]
    .sort(byFileName)
    .map((file) => ({ file, pushed: input.push !== undefined && pushed.has(file) }));
  const annotations: Annotation[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  const planned = considered.slice(0, input.maxTasks);
  for (const { file } of considered.slice(input.maxTasks)) {
    skipped.push({ file, reason: `more than ${input.maxTasks} tasks in one run; it stays pending for the next run` });
  }

  const blobs = (await readTaskFolders(git, headCommit)).pending;
  const now = deps.now();
  const commitOf = input.push?.after ?? headCommit;
  const toClaim: Array<{ fileName: string; blob?: string; matrix: MatrixTask }> = [];
  const toFail: Array<TaskToFail & { refused: RefusedTask }> = [];
  const production: ProductionNotice[] = [];
  // One look per GitHub environment: each site's production has its own in a repository of several.
  const protection = new Map<string, Promise<ProtectionCheck>>();

  const refuse = (file: string, task: Task | undefined, refusal: Omit<RefusedTask, 'file' | 'taskId'>, error: Parameters<typeof refusedResult>[0]['error'], log: string) => {
    const fileName = path.posix.basename(file);
    const chosen = task ? siteNamed(config, task.site) : undefined;
    const site = chosen?.ok ? resultSiteOf(config, chosen.site) : undefined;
    const result = refusedResult({ fileName, error, finishedAt: now, runUrl: input.runUrl, commit: commitOf, ...(task ? { task } : {}), ...(site ? { site } : {}) });
    const blob = blobs.get(fileName)?.blob;
    toFail.push({
      fileName,
      ...(blob ? { blob } : {}),
      result: refusedToCommit(result, log),
      refused: { file, taskId: result.task_id, ...refusal },
    });
  };

  for (const { file } of planned) {
    const fileName = path.posix.basename(file);
    const absolute = path.join(input.repoRoot, file);
    const loadedTask = await loadTask(absolute, { repoRoot: input.repoRoot, shownAs: file, config });
    if (!loadedTask.ok) {
      const error = classifyTaskProblems(loadedTask.problems);
      annotations.push(...loadedTask.problems.map((problem) => problemAnnotation(problem, 'Invalid task file')));
      refuse(file, undefined, { stage: 'validation', message: error.message }, error, loadedTask.problems.map(formatProblem).join('\n'));
      continue;
    }
    const task = loadedTask.task;
    if (task.git_branch && task.git_branch !== input.target.branch) {
      // A branch made from another inherits its pending tasks; they run on the branch they name.
      skipped.push({ file, reason: `its git_branch is ${task.git_branch}; it runs there, not on ${input.target.branch}` });
      continue;
    }
    const text = await readFile(absolute, 'utf8');
    const chosen = siteNamed(config, task.site);
    // loadTask checked the task against handoff.yml's sites, so its site is known here.
    if (!chosen.ok) throw new Error(`${file}: ${chosen.expected}; found ${chosen.found}`);
    const taskSite = chosen.site;
    const environmentConfig: EnvironmentConfig = environmentOf(taskSite, task.environment) ?? {};
    const environmentWhere = environmentPath(taskSite, task.environment);
    const githubEnvironment = githubEnvironmentFor(config, taskSite, task.environment);

    const site = siteSourceOf(task, config.workflow, taskSite);
    if (!site.ok) {
      const line = lineOfKey(text, site.field.split('.').pop() ?? '');
      const error = site.fixable
        ? classified('invalid-task', site.message, `Fix ${site.field} in ${file}, then write a new task file.`, { file, ...(line ? { line } : {}) })
        : site.field === 'site'
          ? // handoff.yml lacks the secret's name: a handoff.yml problem, as #13 classes them.
            classified(
              'handoff-config',
              site.message,
              `Escalate: ask the repository owner to create a read-only token secret for that repository and name it in handoff.yml (sites.${taskSite.name}.token_secret), then submit the task again.`,
              { file: CONFIG_FILE },
            )
          : classified(
              'unknown',
              site.message,
              'Escalate: ask the repository owner to allow that site repository in handoff.yml (workflow.site_repositories and workflow.site_repository_token_secret), then submit the task again.',
              { file, ...(line ? { line } : {}) },
            );
      annotations.push({ level: 'error', title: 'Site repository refused', message: site.message, file, ...(line ? { line, column: 1 } : {}) });
      refuse(file, task, { stage: 'configuration', message: site.message }, error, site.message);
      continue;
    }

    const deploys = CHANGES_LIVE_SITE.has(task.type);
    if (!gates.ok && (deploys || site.source)) {
      const message = `refused: the gates and deploy targets cannot be read from outside this push: ${gates.reason}`;
      annotations.push({ level: 'error', title: 'No trusted handoff.yml', message, file });
      refuse(
        file,
        task,
        { stage: 'configuration', message },
        classified('unknown', message, 'Escalate: ask the repository owner to set the repository variable HANDOFF_CONFIG to handoff.yml (docs/github-setup.md), or push the task on a branch that has handoff.yml; then submit it again.'),
        message,
      );
      continue;
    }
    if (deploys && input.requireRoleArn && !environmentConfig.role_arn) {
      const message = `${environmentWhere}.role_arn is not set in handoff.yml: the run job has no AWS role to assume through OIDC for ${task.type}`;
      const line = lineOfKey(text, 'environment');
      annotations.push({ level: 'error', title: 'No AWS role for this environment', message, file, ...(line ? { line, column: 1 } : {}) });
      refuse(
        file,
        task,
        { stage: 'configuration', message },
        classified('aws-credentials', message, `Escalate: ask the user to create the ${githubEnvironment} IAM role (docs/github-setup.md) and set its ARN as ${environmentWhere}.role_arn in handoff.yml.`),
        message,
      );
      continue;
    }

    if (task.environment === 'production' && deploys) {
      const changedGates = [...new Set([...(pushed.has(file) ? pushedGateFiles : []), ...(await gateFilesChangedWith(git, headCommit, file))])].sort();
      if (changedGates.length > 0) {
        const message = `production deploy refused: the push that brought this task also changes ${changedGates.join(', ')}; a production task may not come with changes to handoff.yml, .github/ or actions/ (the gates are read from the branch as it was before the push), and nothing was deployed`;
        const line = lineOfKey(text, 'environment');
        annotations.push({ level: 'error', title: 'Gate files changed with a production task', message, file, ...(line ? { line, column: 1 } : {}) });
        refuse(
          file,
          task,
          { stage: 'production-gate', message },
          classified('unknown', message, 'Escalate: the user must review and commit the handoff.yml / .github/ / actions/ change on its own (CODEOWNERS review), then submit the production task again in a separate push.'),
          message,
        );
        continue;
      }
      if (!protection.has(githubEnvironment)) protection.set(githubEnvironment, lookUpProtection(deps.github, githubEnvironment, environmentConfig, environmentWhere));
      const check = await protection.get(githubEnvironment)!;
      if (check.kind === 'refused') {
        const line = lineOfKey(text, 'environment');
        annotations.push({ level: 'error', title: 'Production is not protected', message: check.message, file, ...(line ? { line, column: 1 } : {}) });
        refuse(file, task, { stage: 'production-gate', message: check.message }, classified('unknown', check.message, check.nextStep), check.message);
        continue;
      }
      if ('warning' in check && check.warning) annotations.push({ level: 'warning', title: 'Production protection', message: check.warning, file });
      production.push({
        task,
        productionUrl: productionUrlOf(task, environmentConfig),
        protection: check,
        stagingResult: await newestStagingDeploy(input.repoRoot, resultSiteOf(config, taskSite)),
      });
    }

    const blob = blobs.get(fileName)?.blob;
    toClaim.push({
      fileName,
      ...(blob ? { blob } : {}),
      matrix: matrixTaskFor(task, path.posix.join(taskFolder('in-progress'), fileName), environmentConfig, site.source, {
        site: taskSite.name,
        githubEnvironment,
        concurrencyGroup: concurrencyGroupFor(config, taskSite, task.environment),
      }),
    });
  }

  if (toClaim.length === 0 && toFail.length === 0) {
    return { kind: 'planned', source, considered, tasks: [], refused: [], skipped, production: [], annotations, commit: headCommit, gates };
  }
  const claim = await claimTasks(
    git,
    input.target,
    {
      claim: toClaim.map(({ fileName, blob }) => ({ fileName, ...(blob ? { blob } : {}) })),
      fail: toFail,
      trailers: { [RUN_TRAILER]: input.runId, 'Handoff-Run-Url': input.runUrl ?? '' },
    },
    deps.retry ?? DEFAULT_RETRY,
  );
  const claimed = new Set(claim.claimed);
  const failed = new Set(claim.failed);
  for (const { fileName, reason } of claim.skipped) {
    skipped.push({ file: path.posix.join(taskFolder('pending'), fileName), reason: CLAIM_SKIP_REASONS[reason] });
  }
  return {
    kind: 'planned',
    source,
    considered,
    tasks: toClaim.filter((item) => claimed.has(item.fileName)).map((item) => item.matrix),
    refused: toFail.filter((item) => failed.has(item.fileName)).map((item) => item.refused),
    skipped,
    production: production.filter((notice) => claimed.has(`${notice.task.id}.md`)),
    annotations,
    commit: claim.commit ?? claim.base,
    gates,
  };
}

function byFileName(a: string, b: string): number {
  return path.posix.basename(a).localeCompare(path.posix.basename(b)) || a.localeCompare(b);
}
