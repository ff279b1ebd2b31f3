import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCloudFrontRequest {
  method: string;
  path: string;
  body: string;
  /** The credential scope the request was signed for (`<date>/<region>/<service>/aws4_request`). */
  credentialScope: string;
}

export interface StoredInvalidation {
  id: string;
  distributionId: string;
  callerReference: string;
  paths: string[];
  polls: number;
}

export interface TestCloudFrontServer {
  endpoint: string;
  requests: RecordedCloudFrontRequest[];
  invalidations: StoredInvalidation[];
  /** Answer the next `times` CreateInvalidation requests with this error code (HTTP 400, as CloudFront does). */
  failNextCreates(code: 'TooManyInvalidationsInProgress' | 'Throttling', times: number): void;
  stop(): Promise<void>;
}

export interface CloudFrontServerOptions {
  /** Distributions that exist; any other id gets NoSuchDistribution. */
  distributions: string[];
  /** GetInvalidation answers InProgress this many times, then Completed (default 1). */
  completeAfterPolls?: number;
}

const XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>test-request</RequestId></ErrorResponse>`;
}

function invalidationXml(inv: StoredInvalidation, status: string): string {
  const items = inv.paths.map((p) => `<Path>${escapeXml(p)}</Path>`).join('');
  return (
    `<?xml version="1.0"?>\n<Invalidation xmlns="${XMLNS}"><Id>${inv.id}</Id><Status>${status}</Status>` +
    `<CreateTime>2024-01-01T00:00:00.000Z</CreateTime><InvalidationBatch><Paths><Quantity>${inv.paths.length}</Quantity>` +
    `<Items>${items}</Items></Paths><CallerReference>${escapeXml(inv.callerReference)}</CallerReference></InvalidationBatch></Invalidation>`
  );
}

/**
 * A stand-in for CloudFront's REST/XML invalidation API on 127.0.0.1, so the real
 * @aws-sdk/client-cloudfront is on the wire in tests (endpoint override). It keeps
 * invalidations, answers a repeated CallerReference with the same invalidation as CloudFront
 * does, and can be told to throttle.
 */
export async function startCloudFrontServer(options: CloudFrontServerOptions): Promise<TestCloudFrontServer> {
  const requests: RecordedCloudFrontRequest[] = [];
  const invalidations: StoredInvalidation[] = [];
  const failures: { code: string; times: number } = { code: '', times: 0 };
  const completeAfter = options.completeAfterPolls ?? 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://cloudfront.invalid');
      const credentialScope = /Credential=[^/]+\/([^,]+)/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      requests.push({ method: req.method ?? 'GET', path: url.pathname, body, credentialScope });
      const send = (status: number, xml: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'test-request', ...headers });
        res.end(xml);
      };

      const match = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation(?:\/([^/]+))?$/.exec(url.pathname);
      if (!match) return send(404, errorXml('NotFound', `no route for ${req.method} ${url.pathname}`));
      const distributionId = decodeURIComponent(match[1]!);
      const invalidationId = match[2];
      if (!options.distributions.includes(distributionId)) {
        return send(404, errorXml('NoSuchDistribution', 'The specified distribution does not exist.'));
      }

      if (req.method === 'POST' && !invalidationId) {
        if (failures.times > 0) {
          failures.times--;
          const message =
            failures.code === 'Throttling' ? 'Rate exceeded' : 'Your request contains too many invalidations in progress.';
          return send(400, errorXml(failures.code, message));
        }
        const callerReference = unescapeXml(/<CallerReference>([\s\S]*?)<\/CallerReference>/.exec(body)?.[1] ?? '');
        const paths = [...body.matchAll(/<Path>([\s\S]*?)<\/Path>/g)].map((m) => unescapeXml(m[1]!));
        let inv = invalidations.find((i) => i.distributionId === distributionId && i.callerReference === callerReference);
        if (!inv) {
          inv = { id: `I${String(invalidations.length + 1).padStart(13, '0')}`, distributionId, callerReference, paths, polls: 0 };
          invalidations.push(inv);
        }
        const location = `http://${req.headers.host}/2020-05-31/distribution/${distributionId}/invalidation/${inv.id}`;
        return send(201, invalidationXml(inv, 'InProgress'), { location });
      }

      if (req.method === 'GET' && invalidationId) {
        const inv = invalidations.find((i) => i.distributionId === distributionId && i.id === invalidationId);
        if (!inv) return send(404, errorXml('NoSuchInvalidation', 'The specified invalidation does not exist.'));
        inv.polls++;
        return send(200, invalidationXml(inv, inv.polls > completeAfter ? 'Completed' : 'InProgress'));
      }
      return send(405, errorXml('MethodNotAllowed', 'method not allowed'));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    invalidations,
    failNextCreates(code, times) {
      failures.code = code;
      failures.times = times;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
