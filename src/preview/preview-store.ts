import { createS3Client, createS3Store, type S3Store } from '../deploy/s3-store.js';
import type { PreviewSettings } from './preview-target.js';

/**
 * The dev bucket as the removal and the sweep see it. `endpoint` (act, tests) wins over
 * environments.dev.s3_endpoint; S3-compatible servers get path-style addressing and only the
 * checksums they require, as a deploy to them does.
 */
export function openPreviewStore(settings: PreviewSettings, endpointOverride: string | undefined): { store: S3Store; close: () => void } {
  const endpoint = endpointOverride ?? settings.s3Endpoint ?? undefined;
  const client = createS3Client({
    region: settings.region,
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: settings.forcePathStyle ?? Boolean(endpoint),
    requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
  });
  return { store: createS3Store(client, { bucket: settings.bucket }), close: () => client.destroy() };
}
