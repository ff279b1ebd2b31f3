import { deployOverridesFrom, type DeployOverrides } from '../../settings/deploy-overrides.js';
import type { MatrixTask } from '../../workflow/matrix.js';
import { pathInput, stringInput } from '../inputs.js';
import { readSiteCodeSettings, type SiteCodeSettings } from '../site-code.js';
import { readJobContext, SettingsError, type JobContext } from '../job-context.js';

/** Everything the review-plan action needs, read once from its inputs and the job's GITHUB_* variables. */
export interface ReviewPlanSettings {
  job: JobContext;
  /** The orchestration checkout at the claim job's commit (full history for the compare link). */
  repoRoot: string;
  /** The plan's deploy-matrix: its production hugo-deploy tasks are planned. */
  tasks: MatrixTask[];
  /** The build job's builds, one folder per task id: planned from these, no hugo runs. */
  prebuiltRoot: string | undefined;
  /** A local S3-compatible server instead of AWS (act, tests). */
  overrides: DeployOverrides;
  /** hugo's allowlisted environment and the job's credentials to keep out of what the action writes. */
  siteCode: SiteCodeSettings;
}

export function readReviewPlanSettings(env: NodeJS.ProcessEnv = process.env): ReviewPlanSettings {
  const job = readJobContext(env);
  const text = stringInput('matrix');
  let tasks: MatrixTask[];
  try {
    const parsed = JSON.parse(text) as { task?: unknown };
    if (!Array.isArray(parsed.task)) throw new Error('no task array');
    tasks = parsed.task as MatrixTask[];
  } catch (error) {
    throw new SettingsError(`Invalid input 'matrix': expected the claim action's deploy-matrix output ({"task": [...]}); ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const task of tasks) {
    if (typeof task.task_file !== 'string' || !/^tasks\/in-progress\/[^/]+\.md$/.test(task.task_file)) throw new SettingsError(`Invalid input 'matrix': task_file ${JSON.stringify(task.task_file)} is not tasks/in-progress/<id>.md`);
  }
  // The review plans against the live bucket: only the S3 endpoint may be redirected (act, tests);
  // the environment's keys sign its reads.
  const { s3Endpoint, environmentCredentials } = deployOverridesFrom(env, { s3Endpoint: stringInput('s3-endpoint') });
  const overrides: DeployOverrides = { ...(s3Endpoint ? { s3Endpoint } : {}), ...(environmentCredentials ? { environmentCredentials } : {}) };
  return { job, repoRoot: pathInput('path', job.workspace, '.'), tasks, overrides, prebuiltRoot: stringInput('prebuilt-root') ? pathInput('prebuilt-root', job.workspace, '.') : undefined, siteCode: readSiteCodeSettings(env) };
}
