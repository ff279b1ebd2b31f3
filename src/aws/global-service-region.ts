/**
 * IAM and CloudFront are global services: AWS signs their requests for us-east-1 whatever region
 * the bucket is in (aws-us-gov and aws-cn have their own, not covered). A rule of AWS's, apart
 * from the default bucket region (deploy/target-defaults.ts), which only happens to be the same.
 */
export const GLOBAL_SERVICE_SIGNING_REGION = 'us-east-1';
