/**
 * Uploads in flight. Against a server 20 ms away a PUT of a small page spends nearly all its
 * time waiting, so the pool must be wide: on bench/deploy's 10k-file site with 20 ms per
 * request, the engine took 16.4 s with 16 in flight and 8.9 s with 64 (rclone with 16
 * transfers: 15.2 s; issue #14, the SDK-based engine). 64 small PUTs in flight 20–50 ms away are
 * 1,300–3,200 a second, within the 3,500 PUTs a second S3 takes per prefix, and a SlowDown
 * halves the requests in flight (see s3-http.ts); bodies in flight stay under
 * MAX_BYTES_IN_FLIGHT (execute.ts). The one default for uploads, hashing and the connection's
 * requests in flight.
 */
export const DEFAULT_CONCURRENCY = 64;
