import { createHash, createHmac } from 'node:crypto';
import type { S3Credentials } from './s3-credentials.js';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * Written here rather than using @smithy/signature-v4 (the SDK's signer, which an earlier version
 * of this file used) because of measured CPU: signing a PUT of a deploy's header set took 16–22 µs through
 * SignatureV4.sign (async hashing, header and query canonicalisation for every service) against
 * 5–6 µs here, node 20, 20,000 signatures, 3 rounds (1 December 2026). For a 10,000-file deploy
 * that is about 0.12 s of the engine's 2.2 s of client CPU (bench/README.md). It covers only what
 * handoff sends: header-signed requests with lower-case header names and paths already encoded,
 * to S3 (test/deploy/s3-http.test.ts checks it against a signature-checking s3rver) and IAM's
 * query API (`handoff doctor` reading a role's trust policy).
 *
 * AWS Signature Version 4 over the given headers (all signed; names lower-case): adds
 * x-amz-date, x-amz-security-token for temporary credentials, and authorization. The path is
 * signed as sent (S3 does not encode it twice); the payload hash is the x-amz-content-sha256
 * header's value (S3 requires the header; other services accept it as one more signed header). The signing key is cached per day, region and secret.
 */
export function createSigner(region: string, service: string) {
  let cachedKey: { scope: string; secret: string; key: Buffer } | undefined;
  return (credentials: S3Credentials, method: string, path: string, search: string, headers: Record<string, string>, now: Date) => {
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${region}/${service}/aws4_request`;
    headers['x-amz-date'] = amzDate;
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
    const signedHeaders = names.join(';');
    const canonicalRequest = `${method}\n${path}\n${search}\n${canonicalHeaders}\n${signedHeaders}\n${headers['x-amz-content-sha256']}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    if (cachedKey?.scope !== scope || cachedKey.secret !== credentials.secretAccessKey) {
      const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), 'aws4_request');
      cachedKey = { scope, secret: credentials.secretAccessKey, key };
    }
    const signature = createHmac('sha256', cachedKey.key).update(stringToSign, 'utf8').digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  };
}

