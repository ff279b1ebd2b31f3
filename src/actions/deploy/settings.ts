import * as core from '@actions/core';
import type { DeployOptions } from '../../deploy/deploy.js';
import { MAX_UPLOAD_CONCURRENCY } from '../../config/config-schema.js';
import { bucketRegionOf, resolveDeployTarget } from '../../deploy/target-defaults.js';
import { deployOverridesFrom } from '../../settings/deploy-overrides.js';
import { booleanInput, pathInput, statedBooleanInput, statedIntegerInput, stringInput } from '../inputs.js';
import { readJobContext, SettingsError } from '../job-context.js';
import { httpUrlProblem } from '../../validation/http-url.js';

/** Everything the deploy action needs, read once from its inputs. Credentials are not among them. */
export interface DeployActionSettings {
  deploy: DeployOptions;
  failOnError: boolean;
}

export function readDeploySettings(env: NodeJS.ProcessEnv = process.env): DeployActionSettings {
  const job = readJobContext(env);
  const bucket = stringInput('bucket');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new SettingsError(`Invalid input 'bucket': '${bucket}'. Expected an S3 bucket name.`);
  const region = bucketRegionOf(stringInput('region'), env.AWS_REGION, env.AWS_DEFAULT_REGION);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new SettingsError(`Invalid input 'region': '${region}'. Expected an AWS region such as eu-west-1.`);
  const overrides = deployOverridesFrom(env, { s3Endpoint: stringInput('s3-endpoint'), cloudfrontEndpoint: stringInput('cloudfront-endpoint') });
  const endpoint = overrides.s3Endpoint ?? '';
  const endpointProblem = endpoint ? httpUrlProblem(endpoint) : undefined;
  if (endpointProblem) throw new SettingsError(`Invalid input 's3-endpoint': '${endpoint}'. Expected ${endpointProblem}.`);
  const siteUrl = stringInput('site-url');
  const siteUrlProblem = siteUrl ? httpUrlProblem(siteUrl) : undefined;
  if (siteUrlProblem) throw new SettingsError(`Invalid input 'site-url': '${siteUrl}'. Expected ${siteUrlProblem}.`);
  const distributionId = stringInput('distribution-id');
  if (distributionId && !/^[A-Z0-9]{8,20}$/.test(distributionId)) throw new SettingsError(`Invalid input 'distribution-id': '${distributionId}'. Expected a CloudFront distribution id such as E2QWRUHAPOMQZL.`);
  const cloudfrontEndpoint = overrides.cloudfrontEndpoint;
  return {
    deploy: {
      sourceDir: pathInput('source-dir', job.workspace, 'public'),
      ...resolveDeployTarget({
        bucket,
        prefix: stringInput('prefix'),
        region,
        endpoint,
        forcePathStyle: statedBooleanInput('force-path-style'),
        credentials: overrides.environmentCredentials,
        maxDeletes: [statedIntegerInput('max-deletes', { min: 0, max: 1_000_000 })],
        concurrency: statedIntegerInput('concurrency', { min: 1, max: MAX_UPLOAD_CONCURRENCY }),
        distributionId: distributionId || null,
        url: siteUrl || null,
      }),
      exclude: core.getMultilineInput('exclude').map((line) => line.trim()).filter(Boolean),
      dryRun: booleanInput('dry-run', false),
      headEveryObject: booleanInput('verify-headers', false),
      cloudfront: {
        wait: booleanInput('wait-for-invalidation', false),
        ...(cloudfrontEndpoint ? { endpoint: cloudfrontEndpoint } : {}),
      },
    },
    failOnError: booleanInput('fail-on-error', true),
  };
}
