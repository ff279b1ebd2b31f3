import { credentialSource, type S3Credentials } from './s3-credentials.js';
import { xmlText } from './xml-text.js';
import { createSigner, sha256Hex } from './signature-v4.js';
import { systemClock } from '../clock.js';
import { GLOBAL_SERVICE_SIGNING_REGION } from './global-service-region.js';

/** A role's trust policy as IAM has it, or why it could not be read. */
export type RoleTrustLookup = { found: true; document: unknown } | { found: false } | { error: string };

/** Reads an IAM role's trust policy (iam:GetRole); the one AWS call `handoff doctor` makes. */
export type RoleTrustReader = (roleArn: string) => Promise<RoleTrustLookup>;

export interface IamOptions {
  /** Keys the edge read from its environment; undefined: the SDK's chain (an AWS_PROFILE). */
  credentials: S3Credentials | undefined;
  /** AWS_ENDPOINT_URL_IAM (a test server); default IAM's global endpoint. */
  endpoint?: string;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
}

/** GetRole over IAM's query API, signed with handoff's own Signature V4 (no IAM client in the package). */
export function iamRoleTrustReader(settings: IamOptions): RoleTrustReader {
  const credentials = credentialSource(settings.credentials);
  const sign = createSigner(GLOBAL_SERVICE_SIGNING_REGION, 'iam');
  const endpoint = new URL(settings.endpoint ?? 'https://iam.amazonaws.com/');
  const doFetch = settings.fetch ?? globalThis.fetch;
  return async (roleArn) => {
    const roleName = roleArn.split('/').pop() ?? roleArn;
    const body = new URLSearchParams({ Action: 'GetRole', RoleName: roleName, Version: '2010-05-08' }).toString();
    try {
      const headers: Record<string, string> = {
        host: endpoint.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-amz-content-sha256': sha256Hex(body),
      };
      sign(await credentials(), 'POST', endpoint.pathname || '/', '', headers, (settings.now ?? systemClock)());
      const response = await doFetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      if (response.ok) {
        const encoded = xmlText(text, 'AssumeRolePolicyDocument');
        if (encoded === undefined) return { error: 'GetRole answered without an AssumeRolePolicyDocument' };
        return { found: true, document: JSON.parse(decodeURIComponent(encoded)) };
      }
      const code = xmlText(text, 'Code');
      if (code === 'NoSuchEntity') return { found: false };
      return { error: `iam:GetRole ${roleName}: HTTP ${response.status} ${code ?? ''} ${xmlText(text, 'Message') ?? ''}`.trim() };
    } catch (error) {
      return { error: `iam:GetRole ${roleName}: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
