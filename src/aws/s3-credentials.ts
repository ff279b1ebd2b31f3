/** The credentials a request is signed with. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Resolves the credentials for the next request (cached; refreshed by the SDK when they expire). */
export type CredentialSource = () => Promise<S3Credentials>;

/**
 * The first link of the SDK's default chain, read by an edge from its environment the way the
 * SDK's fromEnv reads it: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and the session token)
 * when no `AWS_PROFILE` is named (the chain skips the environment when a profile is). The edge
 * passes the answer down, so a deploy with keys in its environment (every CI run, after OIDC)
 * never loads the chain: @aws-sdk/credential-provider-node brings @aws-sdk/core and most of
 * @smithy/core, 30 ms of CPU and 12 MB of memory at every start (bench/README.md).
 */
export function credentialsInEnvironment(environment: Readonly<Record<string, string | undefined>>): S3Credentials | undefined {
  const accessKeyId = environment.AWS_ACCESS_KEY_ID;
  const secretAccessKey = environment.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey || environment.AWS_PROFILE) return undefined;
  const sessionToken = environment.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * The keys the edge gave (its environment's, or a server's it started itself), or else the SDK's
 * default chain (profile, SSO, web identity, container and instance roles), loaded on first use.
 */
export function credentialSource(given: S3Credentials | undefined): CredentialSource {
  if (given) return async () => given;
  let chain: Promise<CredentialSource> | undefined;
  return async () => {
    chain ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => defaultProvider());
    return (await chain)();
  };
}
