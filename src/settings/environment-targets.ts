import { ENVIRONMENT_TARGET_VARIABLES, type EnvironmentTargets } from '../config/environment-targets.js';

/**
 * The deploy targets the GitHub environment's variables state (the workflow passes
 * `vars.HANDOFF_*` to the deploy step): empty values count as not set. Throws on an
 * HANDOFF_ALLOW_UNPROTECTED that is neither true nor false.
 */
export function environmentTargetsFrom(env: NodeJS.ProcessEnv): EnvironmentTargets {
  const targets: EnvironmentTargets = {};
  for (const [key, variable] of Object.entries(ENVIRONMENT_TARGET_VARIABLES) as Array<[keyof EnvironmentTargets, string]>) {
    const value = env[variable]?.trim();
    if (!value) continue;
    if (key === 'allow_unprotected') {
      if (value !== 'true' && value !== 'false') throw new Error(`${variable} is '${value}': expected true or false`);
      targets.allow_unprotected = value === 'true';
    } else {
      targets[key] = value;
    }
  }
  return targets;
}
