import * as core from '@actions/core';
import { redactorFor, secretValuesIn, type Redactor } from '../process/secret-values.js';
import { siteCodeEnvironment, type SiteCodeEnvironment } from '../process/site-code-environment.js';

/** How an action runs the site's code (hugo) and keeps the job's credentials out of what it writes. */
export interface SiteCodeSettings {
  /** The allowlisted environment hugo runs with: none of the job's credentials. */
  siteCodeEnv: SiteCodeEnvironment;
  /** Cuts the job's credential values out of results, summaries and log lines. */
  redactor: Redactor;
  /** Those values, to register with the runner (maskJobSecrets). */
  secretValues: readonly string[];
}

export function readSiteCodeSettings(env: NodeJS.ProcessEnv): SiteCodeSettings {
  const secretValues = secretValuesIn(env);
  return { siteCodeEnv: siteCodeEnvironment(env), redactor: redactorFor(secretValues), secretValues };
}

/** The runner masks registered values in every log line of the job from here on. */
export function maskJobSecrets(settings: SiteCodeSettings): void {
  for (const value of settings.secretValues) core.setSecret(value);
}
