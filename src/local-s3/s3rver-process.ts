/**
 * The child process that runs @20minutes/s3rver for `handoff run --local-s3`. It is a process of
 * its own because it must be started with `node --openssl-legacy-provider`: s3rver encrypts its
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 offers only through that provider.
 * Also the local S3 server for act runs (docs/github-setup.md), where it must listen beyond loopback.
 * Arguments: [--address A] [--port N] <data directory> <bucket>…; prints one JSON line
 * `{"port": N}` once it listens. Defaults: 127.0.0.1, a free port.
 */
import { parseArgs } from 'node:util';
import S3rver from '@20minutes/s3rver';

const { values, positionals } = parseArgs({
  options: { address: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' } },
  allowPositionals: true,
});
const [directory, ...buckets] = positionals;
const server = new S3rver({
  address: values.address,
  port: Number(values.port),
  silent: true,
  directory,
  // Current SDK v3 clients sign in ways s3rver 4 does not reproduce; any local credentials are fine.
  allowMismatchedSignatures: true,
  vhostBuckets: false,
  configureBuckets: buckets.map((name) => ({ name })),
});

server.run().then(
  (address: { port: number }) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

const stop = (): void => {
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
