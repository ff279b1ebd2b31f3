export const id = 607;
export const ids = [607];
export const modules = {

/***/ 5607:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createCloudFrontClient: () => (/* binding */ createCloudFrontClient),
/* harmony export */   createCloudFrontInvalidator: () => (/* binding */ createCloudFrontInvalidator)
/* harmony export */ });
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5233);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _aws_sdk_client_cloudfront__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3169);
/* harmony import */ var _retry_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4508);
/* harmony import */ var _aws_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3445);





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
    const described = (0,_aws_error_js__WEBPACK_IMPORTED_MODULE_1__/* .describeAwsError */ .Pp)(error);
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
    return new _aws_sdk_client_cloudfront__WEBPACK_IMPORTED_MODULE_2__/* .CloudFrontClient */ .GHk({ region: 'us-east-1', maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
}
function createCloudFrontInvalidator(options = {}) {
    const client = options.client ?? createCloudFrontClient(options.endpoint);
    const sleep = options.sleep ?? _retry_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .sleep */ .yy;
    const random = options.random ?? Math.random;
    const now = options.now ?? _clock_js__WEBPACK_IMPORTED_MODULE_4__/* .monotonicClock */ .V;
    const maxRetries = options.maxRetries ?? 8;
    const backoff = { baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 30_000, jitter: 'full' };
    const pollIntervalMs = options.pollIntervalMs ?? 5000;
    return {
        async invalidate(request, signal) {
            const callerReference = options.callerReference?.() ?? `handoff-${(0,_clock_js__WEBPACK_IMPORTED_MODULE_4__/* .systemClock */ .m)().getTime()}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
            const paths = [...request.paths];
            let attempts = 0;
            const created = await (0,_retry_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .withRetries */ .LH)(async (attempt) => {
                attempts = attempt;
                const out = await client.send(new _aws_sdk_client_cloudfront__WEBPACK_IMPORTED_MODULE_2__/* .CreateInvalidationCommand */ .Yo6({
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
                    const out = await client.send(new _aws_sdk_client_cloudfront__WEBPACK_IMPORTED_MODULE_2__/* .GetInvalidationCommand */ .Wwh({ DistributionId: request.distributionId, Id: created.id }), { abortSignal: signal });
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
