import path from 'node:path';
import type { EnvironmentConfig } from '../config/config-schema.js';
import type { GitHubApi } from '../github/github-api.js';
import { checkProductionProtection, type ProtectionCheck } from '../github/production-gate.js';
import { readResultFile } from '../result/read-result.js';
import { latestPathFor } from '../result/result-paths.js';
import type { ProductionNotice } from './selection-outcome.js';

/** Whether the GitHub environment a production deploy waits in is protected, as the claim job's gate needs it. */
export async function lookUpProtection(github: GitHubApi | undefined, name: string, environment: EnvironmentConfig, settingsPath: string): Promise<ProtectionCheck> {
  const allow = environment.allow_unprotected === true;
  if (!github) return checkProductionProtection(name, { error: 'no GitHub token was given to the claim action' }, allow, settingsPath);
  try {
    return checkProductionProtection(name, await github.getEnvironment(name), allow, settingsPath);
  } catch (error) {
    return checkProductionProtection(name, { error: error instanceof Error ? error.message : String(error) }, allow, settingsPath);
  }
}

/** The newest staging deploy result on disk: what the last deploy of this site uploaded and deleted. */
export async function newestStagingDeploy(repoRoot: string, site: string | undefined): Promise<ProductionNotice['stagingResult']> {
  const relative = latestPathFor('hugo-deploy', 'staging', site);
  const read = await readResultFile(path.join(repoRoot, relative), relative);
  if (!read.ok) return undefined;
  const outputs = read.result.outputs;
  return {
    path: relative,
    uploaded: outputs.uploaded_files,
    deleted: outputs.deleted_files,
    skipped: outputs.skipped_files,
    finishedAt: read.result.finished_at,
  };
}
