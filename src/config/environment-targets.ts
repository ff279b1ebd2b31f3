import type { EnvironmentConfig } from './config-schema.js';

/**
 * Where an environment deploys and whether its gate may be skipped, as the GitHub environment's
 * variables state them (HANDOFF_BUCKET, …): only admins change those, and the deploy job sees
 * them only once a reviewer approved it. The repository's handoff.yml may state the same; it
 * never overrides them.
 */
export type EnvironmentTargets = Partial<Pick<EnvironmentConfig, 'bucket' | 'key_prefix' | 'distribution_id' | 'role_arn' | 'region' | 'allow_unprotected'>>;

/** Each target and the variable of the GitHub environment that states it (`handoff doctor` checks the same names). */
export const ENVIRONMENT_TARGET_VARIABLES = {
  bucket: 'HANDOFF_BUCKET',
  key_prefix: 'HANDOFF_KEY_PREFIX',
  distribution_id: 'HANDOFF_DISTRIBUTION_ID',
  role_arn: 'HANDOFF_ROLE_ARN',
  region: 'HANDOFF_REGION',
  allow_unprotected: 'HANDOFF_ALLOW_UNPROTECTED',
} as const satisfies Record<keyof EnvironmentTargets, string>;

/**
 * The environment's settings with the environment variables' targets in them, or a refusal that
 * names both values where the repository states a different one.
 */
export function withEnvironmentTargets(
  config: EnvironmentConfig | undefined,
  targets: EnvironmentTargets,
  where: string,
): { ok: true; config: EnvironmentConfig | undefined } | { ok: false; message: string } {
  const entries = Object.entries(targets).filter(([, value]) => value !== undefined) as Array<[keyof EnvironmentTargets, string | boolean]>;
  if (entries.length === 0) return { ok: true, config };
  const differences: string[] = [];
  for (const [key, value] of entries) {
    const stated = config?.[key];
    if (stated !== undefined && stated !== value) {
      differences.push(`${where}.${key} is ${JSON.stringify(stated)} in the repository's settings, but the GitHub environment's ${ENVIRONMENT_TARGET_VARIABLES[key]} is ${JSON.stringify(value)}`);
    }
  }
  if (differences.length > 0) return { ok: false, message: `deploy refused, nothing deployed: ${differences.join('; ')}` };
  return { ok: true, config: { ...config, ...Object.fromEntries(entries) } };
}
