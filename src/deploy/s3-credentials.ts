/** The credentials a request is signed with. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Resolves the credentials for the next request (cached; refreshed by the SDK when they expire). */
export type CredentialSource = () => Promise<S3Credentials>;

/**
 * The SDK's default credential chain (environment, profile, SSO, web identity, container and
 * instance roles), with its first link taken here: when `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY` are set and no `AWS_PROFILE` is (the chain skips the environment when
 * a profile is named), they are the chain's answer, read the way the SDK's fromEnv reads them.
 * Only otherwise does the chain itself load: @aws-sdk/credential-provider-node brings
 * @aws-sdk/core and most of @smithy/core, 30 ms of CPU and 12 MB of memory at every start, which
 * a deploy with credentials in its environment (every CI run) never needs (bench/README.md).
 *
 * `environment` is the process's, read when the connection is made, as the SDK would read it;
 * tests pass their own.
 */
export function defaultCredentials(environment: Readonly<Record<string, string | undefined>> = process.env): CredentialSource {
  const accessKeyId = environment.AWS_ACCESS_KEY_ID;
  const secretAccessKey = environment.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey && !environment.AWS_PROFILE) {
    const sessionToken = environment.AWS_SESSION_TOKEN;
    const credentials: S3Credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    return async () => credentials;
  }
  let chain: Promise<CredentialSource> | undefined;
  return async () => {
    chain ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => defaultProvider());
    return (await chain)();
  };
}
