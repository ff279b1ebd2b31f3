import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MANIFEST_NAME } from '../deploy/manifest.js';

export interface WebsiteGateway {
  /** The site's URL, ending in `/`. */
  url: string;
  stop(): Promise<void>;
}

/** Headers a browser (and the live check) needs from the stored object. */
const PASSED_HEADERS = ['content-type', 'content-length', 'cache-control', 'content-encoding', 'etag', 'last-modified'];

/**
 * Serves a bucket prefix as a website, the way S3 website hosting or CloudFront would: `/dir/`
 * answers with `dir/index.html`, and every object is read from the S3 server over HTTP, so what is
 * checked is what was deployed, with the headers it was stored with. (s3rver's own website mode
 * would also change how it answers the API calls the deploy makes to the same address.)
 */
export async function startWebsiteGateway(s3Endpoint: string, bucket: string, prefix: string): Promise<WebsiteGateway> {
  const objectUrl = (key: string): string => `${s3Endpoint}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://gateway').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const key = `${prefix}${path.slice(1)}${path.endsWith('/') ? 'index.html' : ''}`;
    // The deploy's own bookkeeping is not part of the site (aws/bucket-policy.json keeps it private on AWS).
    if (key.endsWith(`/${MANIFEST_NAME}`) || key === MANIFEST_NAME) {
      response.writeHead(404).end();
      return;
    }
    const upstream = http.get(objectUrl(key), { method: request.method }, (answer) => {
      const status = answer.statusCode ?? 502;
      const headers: Record<string, string> = {};
      for (const name of PASSED_HEADERS) {
        const value = answer.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      response.writeHead(status === 403 ? 404 : status, headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end(`S3 server unreachable: ${error.message}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
