import type { DeployOverrides } from '../../runner/deploy-settings.js';
import { booleanInput, pathInput, stringInput } from '../inputs.js';
import { readRunnerContext, SettingsError, type RunnerContext } from '../runner-context.js';

/** Everything the run action needs, read once from its inputs and the runner's variables. */
export interface RunSettings {
  runner: RunnerContext;
  /** The orchestration checkout, at the plan's claim commit. */
  repoRoot: string;
  /** tasks/in-progress/<id>.md (the matrix's task_file). */
  taskFile: string;
  /** The checkout of the task's site_repository, or undefined for a site in this repository. */
  siteRoot: string | undefined;
  /** Where a deploy goes instead of AWS (act, local runs); dry run. */
  deployOverrides: DeployOverrides;
  /** Fail the step when the task failed, so the job shows red; record still runs (if: always()). */
  failOnTaskFailure: boolean;
}

export function readRunSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  const runner = readRunnerContext(env);
  const taskFile = stringInput('task-file');
  if (!/^tasks\/in-progress\/[^/]+\.md$/.test(taskFile)) {
    throw new SettingsError(`Invalid input 'task-file': '${taskFile}'. Expected tasks/in-progress/<id>.md (the plan's matrix.task.task_file).`);
  }
  const sitePath = stringInput('site-path');
  const overrides: DeployOverrides = {};
  // Under act the env file names the local S3 server; an input wins over it.
  const s3Endpoint = stringInput('s3-endpoint', env.HANDOFF_S3_ENDPOINT ?? '');
  const cloudfrontEndpoint = stringInput('cloudfront-endpoint', env.HANDOFF_CLOUDFRONT_ENDPOINT ?? '');
  const siteUrl = stringInput('site-url', env.HANDOFF_SITE_URL ?? '');
  if (s3Endpoint) overrides.s3Endpoint = s3Endpoint;
  if (cloudfrontEndpoint) overrides.cloudfrontEndpoint = cloudfrontEndpoint;
  if (siteUrl) overrides.siteUrl = siteUrl;
  if (booleanInput('dry-run', false)) overrides.dryRun = true;
  if (booleanInput('verify-headers', false)) overrides.verifyHeaders = true;
  return {
    runner,
    repoRoot: pathInput('path', runner.workspace, '.'),
    taskFile,
    siteRoot: sitePath ? pathInput('site-path', runner.workspace, '.') : undefined,
    deployOverrides: overrides,
    failOnTaskFailure: booleanInput('fail-on-task-failure', true),
  };
}
