import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { s3Operation } from './s3-server.js';

export interface KmsProxy {
  endpoint: string;
  stop(): Promise<void>;
}

/** An SSE-KMS ETag: 32 hex digits like an MD5, but not the body's; the same object keeps the same one. */
export function kmsEtag(plainEtag: string): string {
  return `"${createHash('md5').update(`kms:${plainEtag.replace(/"/g, '')}`).digest('hex')}"`;
}

/**
 * A proxy on 127.0.0.1 in front of s3rver that answers as a bucket with SSE-KMS default
 * encryption does: every object's ETag (in PUT, HEAD and GET answers and in listings) is not the
 * MD5 of its body, and PUT, HEAD and GET answers carry `x-amz-server-side-encryption: aws:kms`.
 * handoff's settings say nothing about it: the encryption is the bucket's.
 */
export async function startKmsProxy(target: string): Promise<KmsProxy> {
  const upstreamUrl = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    const operation = s3Operation({ method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams });
    const upstream = http.request(
      { host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          const ok = (answer.statusCode ?? 500) < 300;
          if (ok && ['PutObject', 'HeadObject', 'GetObject', 'CompleteMultipartUpload'].includes(operation)) {
            if (typeof headers.etag === 'string') headers.etag = kmsEtag(headers.etag);
            headers['x-amz-server-side-encryption'] = 'aws:kms';
            headers['x-amz-server-side-encryption-aws-kms-key-id'] = 'arn:aws:kms:us-east-1:111122223333:key/test';
          }
          if (ok && (operation === 'ListObjectsV2' || operation === 'CompleteMultipartUpload')) {
            body = Buffer.from(
              body.toString('utf8').replace(/<ETag>(.*?)<\/ETag>/g, (_all, etag: string) => `<ETag>${kmsEtag(etag.replace(/&quot;/g, '"')).replace(/"/g, '&quot;')}</ETag>`),
            );
            if (headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
          }
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(req.method === 'HEAD' ? undefined : body);
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
