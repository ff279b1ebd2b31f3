import type { EnvironmentConfig, HandoffConfig } from './config-schema.js';
import { environmentOf, environmentPath, siteNamed, type Site } from './sites.js';
import type { Environment } from '../primitives/task-types.js';

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
  statedIn = "the repository's settings",
): { ok: true; config: EnvironmentConfig | undefined } | { ok: false; message: string } {
  const entries = Object.entries(targets).filter(([, value]) => value !== undefined) as Array<[keyof EnvironmentTargets, string | boolean]>;
  if (entries.length === 0) return { ok: true, config };
  const differences: string[] = [];
  for (const [key, value] of entries) {
    const stated = config?.[key];
    if (stated !== undefined && stated !== value) {
      differences.push(`${where}.${key} is ${JSON.stringify(stated)} in ${statedIn}, but the GitHub environment's ${ENVIRONMENT_TARGET_VARIABLES[key]} is ${JSON.stringify(value)}`);
    }
  }
  if (differences.length > 0) return { ok: false, message: `deploy refused, nothing deployed: ${differences.join('; ')}` };
  return { ok: true, config: { ...config, ...Object.fromEntries(entries) } };
}

/**
 * A gated deploy (production; staging whose GitHub environment has required reviewers) takes its
 * targets from outside the repository only: the deploy job's own reading of the environment's
 * variables and of HANDOFF_CONFIG, never what the plan or the checkout say.
 */
export interface OutsideTargets {
  /** The environments whose deploys are gated here. */
  gated: readonly Environment[];
  /** The GitHub environment the deploy job runs in, for the next step a refusal names. */
  githubEnvironment: string | undefined;
  /** The repository variable HANDOFF_CONFIG as the deploy job itself read it (never the claim job's copy). */
  config: HandoffConfig | undefined;
}

const TARGET_KEYS = Object.keys(ENVIRONMENT_TARGET_VARIABLES) as Array<keyof EnvironmentTargets>;

const targetsIn = (config: EnvironmentConfig | undefined): EnvironmentTargets =>
  Object.fromEntries(TARGET_KEYS.filter((key) => config?.[key] !== undefined).map((key) => [key, config?.[key]])) as EnvironmentTargets;

/**
 * The targets of a gated deploy: the environment's variables and HANDOFF_CONFIG (which must agree),
 * with the bucket (an invalidation: the distribution) stated by one of them; a target the repository states must be stated outside
 * too, with the same value. Every refusal names the variables that would fix it.
 */
export function withOutsideTargets(
  repository: EnvironmentConfig | undefined,
  variables: EnvironmentTargets,
  outside: Pick<OutsideTargets, 'githubEnvironment'> & { configured: EnvironmentConfig | undefined },
  where: string,
  needed: 'bucket' | 'distribution_id' = 'bucket',
): { ok: true; config: EnvironmentConfig | undefined } | { ok: false; message: string } {
  const environmentName = outside.githubEnvironment ? `the GitHub environment "${outside.githubEnvironment}"` : 'the GitHub environment';
  const agreed = withEnvironmentTargets(targetsIn(outside.configured), variables, where, 'the repository variable HANDOFF_CONFIG');
  if (!agreed.ok) return agreed;
  const stated = targetsIn(agreed.config);
  if (stated[needed] === undefined) {
    const names = [ENVIRONMENT_TARGET_VARIABLES[needed], ENVIRONMENT_TARGET_VARIABLES.role_arn].join(' and ');
    const optional = TARGET_KEYS.filter((key) => key !== needed && key !== 'role_arn').map((key) => ENVIRONMENT_TARGET_VARIABLES[key]).join(', ');
    return {
      ok: false,
      message: `deploy refused, nothing deployed: where ${where} deploys must come from outside the repository, and neither ${environmentName}'s variables nor the repository variable HANDOFF_CONFIG state its ${needed === 'bucket' ? 'bucket' : 'CloudFront distribution'}. Next step (an admin): set ${names} on ${environmentName} (and ${optional} where they apply), or put the environment's settings in HANDOFF_CONFIG; then submit the task again`,
    };
  }
  const unstated = TARGET_KEYS.filter((key) => repository?.[key] !== undefined && stated[key] === undefined);
  if (unstated.length > 0) {
    const list = unstated.map((key) => `${where}.${key} is ${JSON.stringify(repository?.[key])} in the repository's settings, but ${environmentName} has no ${ENVIRONMENT_TARGET_VARIABLES[key]}`).join('; ');
    return { ok: false, message: `deploy refused, nothing deployed: ${list}. Next step (an admin): set ${unstated.map((key) => ENVIRONMENT_TARGET_VARIABLES[key]).join(', ')} on ${environmentName} if the value is right, or remove it from handoff.yml` };
  }
  const checked = withEnvironmentTargets(repository, stated, where);
  if (!checked.ok) return checked;
  return { ok: true, config: { ...repository, ...stated } };
}

/**
 * Where a task of this site and environment deploys or invalidates: the one place the claim job's or
 * checkout's settings meet the environment's variables (and, for a gated environment, HANDOFF_CONFIG).
 */
export function deployTargetsFor(
  site: Site,
  environment: Environment,
  tools: { trustedEnvironment?: EnvironmentConfig; environmentTargets?: EnvironmentTargets; outsideTargets?: OutsideTargets },
  needed: 'bucket' | 'distribution_id' = 'bucket',
): { ok: true; config: EnvironmentConfig | undefined } | { ok: false; message: string } {
  const repository = tools.trustedEnvironment ?? environmentOf(site, environment);
  const where = environmentPath(site, environment);
  const outside = tools.outsideTargets;
  if (outside?.gated.includes(environment)) {
    const named = outside.config ? siteNamed(outside.config, site.name) : undefined;
    const configured = named?.ok ? environmentOf(named.site, environment) : undefined;
    return withOutsideTargets(repository, tools.environmentTargets ?? {}, { githubEnvironment: outside.githubEnvironment, configured }, where, needed);
  }
  return withEnvironmentTargets(repository, tools.environmentTargets ?? {}, where);
}
