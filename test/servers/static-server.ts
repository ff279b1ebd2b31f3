import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { contentTypeFor } from '../../src/deploy/content-type.js';

export interface TestStaticServer {
  url: string;
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Serves a built site directory on 127.0.0.1 the way S3 website hosting does (`/dir/` gives
 * `dir/index.html`), standing in for the live site in live-check tests.
 */
export async function startStaticServer(root: string): Promise<TestStaticServer> {
  const requests: string[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://static.invalid');
    requests.push(url.pathname);
    let relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = path.resolve(root, relative);
    if (!file.startsWith(path.resolve(root) + path.sep)) return void res.writeHead(403).end();
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': contentTypeFor(relative), 'content-length': info.size });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
