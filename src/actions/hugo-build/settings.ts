import { HUGO_ENVIRONMENT_NAME } from '../../hugo/environment-name.js';
import path from 'node:path';
import type { HugoBuildOptions } from '../../hugo/build.js';
import { booleanInput, pathInput, stringInput } from '../inputs.js';
import { readSiteCodeSettings, type SiteCodeSettings } from '../site-code.js';
import { readJobContext, SettingsError } from '../job-context.js';
import { httpUrlProblem } from '../../validation/http-url.js';

/** Everything the hugo-build action needs, read once from its inputs. */
export interface HugoBuildActionSettings {
  build: HugoBuildOptions;
  /** Where annotation paths start (the workspace), so GitHub pins them to the right file. */
  workspace: string;
  /** Fail the step when the build fails (errors are annotated either way). */
  failOnError: boolean;
  /** hugo's allowlisted environment and the job's credentials to keep out of what the action writes. */
  siteCode: SiteCodeSettings;
}

export function readHugoBuildSettings(env: NodeJS.ProcessEnv = process.env): HugoBuildActionSettings {
  const job = readJobContext(env);
  const siteDir = pathInput('site-path', job.workspace, '.');
  const destination = pathInput('destination', job.workspace, path.join(path.relative(job.workspace, siteDir) || '.', 'public'));
  const baseUrl = stringInput('base-url');
  const baseUrlProblem = baseUrl ? httpUrlProblem(baseUrl) : undefined;
  if (baseUrlProblem) throw new SettingsError(`Invalid input 'base-url': '${baseUrl}'. Expected ${baseUrlProblem}.`);
  const environment = stringInput('environment', 'production');
  if (!HUGO_ENVIRONMENT_NAME.test(environment)) throw new SettingsError(`Invalid input 'environment': '${environment}'. Expected a Hugo environment name (letters, digits, _ and -).`);
  return {
    build: {
      siteDir,
      destination,
      environment,
      ...(baseUrl ? { baseUrl } : {}),
      minify: booleanInput('minify', false),
      buildDrafts: booleanInput('build-drafts', false),
      buildFuture: booleanInput('build-future', false),
      buildExpired: booleanInput('build-expired', false),
      // Errors name files from the workspace root, where GitHub pins annotations.
      pathsFrom: job.workspace,
    },
    workspace: job.workspace,
    failOnError: booleanInput('fail-on-error', true),
    siteCode: readSiteCodeSettings(env),
  };
}
