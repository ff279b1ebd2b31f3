import { environmentConfigSchema, type EnvironmentConfig, type HandoffConfig } from '../../config/config-schema.js';
import { parseConfig } from '../../config/load-config.js';
import { formatProblem } from '../../validation/problem.js';
import type { ReviewedPlan } from '../../worker/deploy-plan.js';
import { deployOverridesFrom, type DeployOverrides } from '../../settings/deploy-overrides.js';
import { environmentTargetsFrom } from '../../settings/environment-targets.js';
import type { EnvironmentTargets } from '../../config/environment-targets.js';
import { booleanInput, pathInput, stringInput } from '../inputs.js';
import { readSiteCodeSettings, type SiteCodeSettings } from '../site-code.js';
import { readJobContext, SettingsError, type JobContext } from '../job-context.js';

/** Everything the run action needs, read once from its inputs and the job's GITHUB_* variables. */
export interface RunSettings {
  job: JobContext;
  /** The orchestration checkout, at the claim job's commit. */
  repoRoot: string;
  /** tasks/in-progress/<id>.md (the matrix's task_file). */
  taskFile: string;
  /** The checkout of the task's site_repository, or undefined for a site in this repository. */
  siteRoot: string | undefined;
  /** Where a deploy goes instead of AWS (act, local runs); dry run. */
  deployOverrides: DeployOverrides;
  /** The plan's environment_config: where to deploy, read from outside the push. */
  trustedEnvironment: EnvironmentConfig | undefined;
  /**
   * The review job's plan for this task, when the workflow passes its plans; an error
   * entry (or none, when one is required) makes the deploy refuse.
   */
  reviewedPlan: ReviewedPlan | { error: string } | undefined;
  /**
   * The build job: build the claimed hugo-deploy task into this folder (tree and report) for the
   * deploy job, and record nothing.
   */
  buildTo: string | undefined;
  /** The deploy job: the build job's folder to deploy; no hugo runs. */
  prebuilt: string | undefined;
  /** The deploy targets of the GitHub environment's variables (vars.HANDOFF_* passed to the step). */
  environmentTargets: EnvironmentTargets;
  /** Fail the step when the task failed, so the job shows red; record still runs (if: always()). */
  failOnTaskFailure: boolean;
  /** hugo's allowlisted environment and the job's credentials to keep out of what the action writes. */
  siteCode: SiteCodeSettings;
  /** The repository variable HANDOFF_CONFIG as this job read it (vars.HANDOFF_CONFIG), parsed; never the claim job's copy. */
  outsideConfig: HandoffConfig | undefined;
  /** The GitHub environment this job runs in (its `environment.name`), whose reviewers decide whether staging is gated. */
  githubEnvironment: string | undefined;
  /** Token to read that environment's protection rules; empty: not asked (staging then is not gated). */
  token: string;
}

export function readRunSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  const job = readJobContext(env);
  const taskFile = stringInput('task-file');
  if (!/^tasks\/in-progress\/[^/]+\.md$/.test(taskFile)) {
    throw new SettingsError(`Invalid input 'task-file': '${taskFile}'. Expected tasks/in-progress/<id>.md (the claim action's matrix.task.task_file).`);
  }
  const siteCheckout = stringInput('site-checkout');
  // Under act the env file names the local S3 server (HANDOFF_* variables); an input wins over it.
  const overrides = deployOverridesFrom(env, {
    s3Endpoint: stringInput('s3-endpoint'),
    cloudfrontEndpoint: stringInput('cloudfront-endpoint'),
    siteUrl: stringInput('site-url'),
    dryRun: booleanInput('dry-run', false),
    verifyHeaders: booleanInput('verify-headers', false),
  });
  const environmentText = stringInput('environment-config');
  let trustedEnvironment: EnvironmentConfig | undefined;
  if (environmentText) {
    let data: unknown;
    try {
      data = JSON.parse(environmentText);
    } catch {
      throw new SettingsError(`Invalid input 'environment-config': not JSON. Expected the claim action's matrix.task.environment_config.`);
    }
    const parsed = environmentConfigSchema.safeParse(data);
    if (!parsed.success) throw new SettingsError(`Invalid input 'environment-config': ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    trustedEnvironment = parsed.data;
  }
  if (stringInput('build-to') && stringInput('prebuilt')) throw new SettingsError(`Inputs 'build-to' and 'prebuilt' exclude each other: the build job builds, the deploy job deploys what it built.`);
  const taskId = taskFile.slice('tasks/in-progress/'.length, -'.md'.length);
  const plansText = stringInput('reviewed-plans');
  let reviewedPlan: ReviewedPlan | { error: string } | undefined;
  if (plansText) {
    let plans: Record<string, unknown>;
    try {
      plans = JSON.parse(plansText) as Record<string, unknown>;
    } catch {
      throw new SettingsError(`Invalid input 'reviewed-plans': not JSON. Expected the review-plan action's plans output.`);
    }
    const entry = plans[taskId];
    if (entry && typeof entry === 'object') reviewedPlan = entry as ReviewedPlan | { error: string };
  }
  if (!reviewedPlan && booleanInput('require-reviewed-plan', false)) {
    reviewedPlan = { error: plansText ? `the review job planned no deploy named ${taskId}` : 'the review job gave no plans (did it run?)' };
  }
  return {
    job,
    repoRoot: pathInput('path', job.workspace, '.'),
    taskFile,
    trustedEnvironment,
    reviewedPlan,
    siteRoot: siteCheckout ? pathInput('site-checkout', job.workspace, '.') : undefined,
    deployOverrides: overrides,
    failOnTaskFailure: booleanInput('fail-on-task-failure', true),
    environmentTargets: targetsOrSettingsError(env),
    buildTo: stringInput('build-to') ? pathInput('build-to', job.workspace, '.') : undefined,
    prebuilt: stringInput('prebuilt') ? pathInput('prebuilt', job.workspace, '.') : undefined,
    siteCode: readSiteCodeSettings(env),
    outsideConfig: outsideConfigOf(stringInput('handoff-config')),
    githubEnvironment: stringInput('github-environment') || undefined,
    token: stringInput('github-token'),
  };
}

function outsideConfigOf(text: string): HandoffConfig | undefined {
  if (!text) return undefined;
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new SettingsError(`Invalid input 'handoff-config' (the repository variable HANDOFF_CONFIG): ${parsed.problems.map(formatProblem).join('; ')}`);
  return parsed.config;
}

function targetsOrSettingsError(env: NodeJS.ProcessEnv): EnvironmentTargets {
  try {
    return environmentTargetsFrom(env);
  } catch (error) {
    throw new SettingsError(error instanceof Error ? error.message : String(error));
  }
}
