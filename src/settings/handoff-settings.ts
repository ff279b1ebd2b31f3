import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { deployOverridesFrom, type DeployOverrides } from './deploy-overrides.js';
import { redactorFor, secretValuesIn, type Redactor } from '../process/secret-values.js';
import { siteCodeEnvironment, type SiteCodeEnvironment } from '../process/site-code-environment.js';

/**
 * Everything below an edge needs to know about where it runs, resolved once by the edge (the CLI,
 * an action's main, the MCP server) from the environment it was given and passed down: nothing
 * below reads the environment or handoff.yml itself.
 */
export interface HandoffSettings {
  /** The orchestration repository: handoff.yml, tasks/, results/. */
  root: string;
  /**
   * handoff.yml, read once. An invalid one keeps its problems rather than throwing: a run reports
   * them in the task's result, the plan in its annotations.
   */
  config: LoadedConfig;
  /** Where deploys go instead of handoff.yml's targets: HANDOFF_* variables, flags, action inputs. */
  deployOverrides: DeployOverrides;
  /** The allowlisted environment hugo runs with: no credential of `env` is in it. */
  siteCodeEnv: SiteCodeEnvironment;
  /** Cuts the credential values of `env` out of results, answers and progress lines. */
  redactor: Redactor;
}

/**
 * Resolves the settings of one invocation: handoff.yml at `root`, then the HANDOFF_* variables of
 * `env` under what the edge was `given` (flags or action inputs, which win).
 */
export async function resolveHandoffSettings(root: string, env: NodeJS.ProcessEnv, given: DeployOverrides = {}): Promise<HandoffSettings> {
  return {
    root,
    config: await loadConfig(root),
    deployOverrides: deployOverridesFrom(env, given),
    siteCodeEnv: siteCodeEnvironment(env),
    redactor: redactorFor(secretValuesIn(env)),
  };
}
