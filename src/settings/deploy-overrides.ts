import { credentialsInEnvironment, type S3Credentials } from '../aws/s3-credentials.js';
/**
 * What the machine running handoff may change about where a deploy goes (local runs, act, tests):
 * never a task file. Read from HANDOFF_* variables, flags and action inputs by
 * `deployOverridesFrom`, the one place that reads those variables.
 */
export interface DeployOverrides {
  /** An S3-compatible endpoint instead of handoff.yml's (HANDOFF_S3_ENDPOINT). */
  s3Endpoint?: string;
  /** A CloudFront API endpoint instead of AWS's (HANDOFF_CLOUDFRONT_ENDPOINT; tests only). */
  cloudfrontEndpoint?: string;
  /** The live-check URL instead of handoff.yml's (HANDOFF_SITE_URL). */
  siteUrl?: string;
  /** Plan only: send no PUT, DELETE or invalidation (`handoff run --dry-run`). */
  dryRun?: boolean;
  /** The bucket when handoff.yml names none for the environment (`--local-s3` only: a local default). */
  fallbackBucket?: string;
  /** HEAD every object to catch headers changed by other tools (`handoff run --verify-headers`). */
  verifyHeaders?: boolean;
  /**
   * A server handoff started itself (`--local-s3`): its keys, given to the S3 client only, and no
   * invalidation, since no CloudFront distribution is in front of it.
   */
  localServer?: { credentials: S3Credentials };
  /**
   * AWS keys in the edge's environment, read as the SDK's chain reads them (s3-credentials.ts);
   * absent, the deploy asks the chain itself (profiles, SSO, instance roles).
   */
  environmentCredentials?: S3Credentials;
}

/** The environment variables that may redirect a deploy, and the override each sets. */
export const DEPLOY_OVERRIDE_VARIABLES = {
  s3Endpoint: 'HANDOFF_S3_ENDPOINT',
  cloudfrontEndpoint: 'HANDOFF_CLOUDFRONT_ENDPOINT',
  siteUrl: 'HANDOFF_SITE_URL',
} as const;

/**
 * The machine's overrides: what the caller was given (flags, action inputs; empty strings count as
 * not given) wins over the HANDOFF_* variables.
 */
export function deployOverridesFrom(env: NodeJS.ProcessEnv, given: DeployOverrides = {}): DeployOverrides {
  const overrides: DeployOverrides = {};
  for (const [key, variable] of Object.entries(DEPLOY_OVERRIDE_VARIABLES) as Array<[keyof typeof DEPLOY_OVERRIDE_VARIABLES, string]>) {
    const value = given[key] || env[variable];
    if (value) overrides[key] = value;
  }
  if (given.fallbackBucket) overrides.fallbackBucket = given.fallbackBucket;
  if (given.localServer) overrides.localServer = given.localServer;
  const environmentCredentials = credentialsInEnvironment(env);
  if (environmentCredentials) overrides.environmentCredentials = environmentCredentials;
  if (given.dryRun) overrides.dryRun = true;
  if (given.verifyHeaders) overrides.verifyHeaders = true;
  return overrides;
}
