export const id = 80;
export const ids = [80];
export const modules = {

/***/ 4080:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createCloudFrontClient: () => (/* binding */ createCloudFrontClient),
  createCloudFrontInvalidator: () => (/* binding */ createCloudFrontInvalidator)
});

// EXTERNAL MODULE: ./lib/clock.js
var clock = __webpack_require__(5233);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-cjs/index.js
var dist_cjs = __webpack_require__(3169);
// EXTERNAL MODULE: ./lib/retry/retry.js
var retry = __webpack_require__(4508);
// EXTERNAL MODULE: ./lib/deploy/aws-error.js
var aws_error = __webpack_require__(3445);
;// CONCATENATED MODULE: ./lib/aws/global-service-region.js
/**
 * IAM and CloudFront are global services: AWS signs their requests for us-east-1 whatever region
 * the bucket is in (aws-us-gov and aws-cn have their own, not covered). A rule of AWS's, apart
 * from the default bucket region (deploy/target-defaults.ts), which only happens to be the same.
 */
const GLOBAL_SERVICE_SIGNING_REGION = 'us-east-1';
//# sourceMappingURL=global-service-region.js.map
;// CONCATENATED MODULE: ./lib/deploy/cloudfront.js






/**
 * CloudFront allows a few invalidations in progress per distribution and throttles bursts;
 * both pass with time, so these are retried. Everything else (NoSuchDistribution, AccessDenied,
 * InvalidArgument) is a configuration problem that a retry would only delay.
 */
const RETRYABLE = new Set([
    'TooManyInvalidationsInProgress',
    'Throttling',
    'ThrottlingException',
    'RequestLimitExceeded',
    'ServiceUnavailable',
    'InternalError',
    'InternalFailure',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
]);
function isRetryable(error) {
    const described = (0,aws_error/* describeAwsError */.Pp)(error);
    if (described.code && RETRYABLE.has(described.code))
        return true;
    if (RETRYABLE.has(described.name))
        return true;
    return described.httpStatus !== undefined && described.httpStatus >= 500;
}
/**
 * The CloudFront client. Its own retries are off (one attempt): the invalidator retries, with
 * the same CallerReference each time so a retry after a lost response cannot create a second
 * invalidation, and with a sleep tests can replace.
 */
function createCloudFrontClient(endpoint) {
    return new dist_cjs/* CloudFrontClient */.GHk({ region: GLOBAL_SERVICE_SIGNING_REGION, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
}
function createCloudFrontInvalidator(options = {}) {
    const client = options.client ?? createCloudFrontClient(options.endpoint);
    const sleep = options.sleep ?? retry/* sleep */.yy;
    const random = options.random ?? Math.random;
    const now = options.now ?? clock/* monotonicClock */.V;
    const maxRetries = options.maxRetries ?? 8;
    const backoff = { baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 30_000, jitter: 'full' };
    const pollIntervalMs = options.pollIntervalMs ?? 5000;
    return {
        async invalidate(request, signal) {
            const callerReference = options.callerReference?.() ?? `handoff-${(0,clock/* systemClock */.m)().getTime()}-${(0,external_node_crypto_.randomUUID)()}`;
            const paths = [...request.paths];
            let attempts = 0;
            const created = await (0,retry/* withRetries */.LH)(async (attempt) => {
                attempts = attempt;
                const out = await client.send(new dist_cjs/* CreateInvalidationCommand */.Yo6({
                    DistributionId: request.distributionId,
                    InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: paths.length, Items: paths } },
                }), { abortSignal: signal });
                return { id: out.Invalidation?.Id ?? '', status: out.Invalidation?.Status ?? 'InProgress' };
            }, { attempts: maxRetries + 1, backoff, retryable: isRetryable, sleep, random, signal });
            const outcome = {
                id: created.id,
                status: created.status,
                paths,
                callerReference,
                attempts,
                completed: created.status === 'Completed',
            };
            if (!request.wait || outcome.completed)
                return outcome;
            const deadline = now() + (request.waitTimeoutMs ?? 10 * 60_000);
            while (now() < deadline) {
                await sleep(Math.min(pollIntervalMs, Math.max(0, deadline - now())), signal);
                let status;
                try {
                    const out = await client.send(new dist_cjs/* GetInvalidationCommand */.Wwh({ DistributionId: request.distributionId, Id: created.id }), { abortSignal: signal });
                    status = out.Invalidation?.Status;
                }
                catch (error) {
                    if (!isRetryable(error) || signal?.aborted)
                        throw error;
                }
                outcome.status = status ?? outcome.status;
                if (outcome.status === 'Completed') {
                    outcome.completed = true;
                    break;
                }
            }
            return outcome;
        },
    };
}
//# sourceMappingURL=cloudfront.js.map

/***/ })

};
