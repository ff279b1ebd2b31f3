import { describe, expect, it } from 'vitest';
import { createSigner, sha256Hex } from '../../src/aws/signature-v4.js';

/*
 * The worked examples of AWS's S3 documentation ("Signature Calculations for the Authorization
 * Header: Transferring Payload in a Single Chunk"): the same keys, date, requests and the
 * signatures AWS published for them.
 */
const EXAMPLE_KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const EXAMPLE_DATE = new Date('2013-05-24T00:00:00Z');
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function sign(method: string, path: string, search: string, headers: Record<string, string>): string {
  createSigner('us-east-1', 's3')(EXAMPLE_KEYS, method, path, search, headers, EXAMPLE_DATE);
  return headers.authorization ?? '';
}

describe("Signature V4 against AWS's published S3 examples", () => {
  it('GET Object (the first 10 bytes of test.txt)', () => {
    const authorization = sign('GET', '/test.txt', '', { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256 });
    expect(authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('PUT Object (test$file.text, reduced redundancy)', () => {
    const body = 'Welcome to Amazon S3.';
    expect(sha256Hex(body)).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const authorization = sign('PUT', '/test%24file.text', '', {
      host: 'examplebucket.s3.amazonaws.com',
      date: 'Fri, 24 May 2013 00:00:00 GMT',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': sha256Hex(body),
    });
    expect(authorization).toMatch(/, SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/);
  });

  it('GET Bucket (list objects: max-keys=2, prefix=J)', () => {
    const authorization = sign('GET', '/', 'max-keys=2&prefix=J', { host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': EMPTY_SHA256 });
    expect(authorization).toMatch(/, Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/);
  });

  it('adds the session token of temporary credentials as a signed header', () => {
    const headers: Record<string, string> = { host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': EMPTY_SHA256 };
    createSigner('us-east-1', 's3')({ ...EXAMPLE_KEYS, sessionToken: 'token' }, 'GET', '/', '', headers, EXAMPLE_DATE);
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,');
  });
});
