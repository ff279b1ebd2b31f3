export const id = 511;
export const ids = [511];
export const modules = {

/***/ 9511:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openPreviewStore: () => (/* binding */ openPreviewStore)
});

// UNUSED EXPORTS: bucketFolderLister

;// CONCATENATED MODULE: ./node_modules/yocto-queue/index.js
/*
How it works:
`this.#head` is an instance of `Node` which keeps track of its current value and nests another instance of `Node` that keeps the value that comes after it. When a value is provided to `.enqueue()`, the code needs to iterate through `this.#head`, going deeper and deeper to find the last value. However, iterating through every single item is slow. This problem is solved by saving a reference to the last value as `this.#tail` so that it can reference it to add a new value.
*/

class Node {
	value;
	next;

	constructor(value) {
		this.value = value;
	}
}

class Queue {
	#head;
	#tail;
	#size;

	constructor() {
		this.clear();
	}

	enqueue(value) {
		const node = new Node(value);

		if (this.#head) {
			this.#tail.next = node;
			this.#tail = node;
		} else {
			this.#head = node;
			this.#tail = node;
		}

		this.#size++;
	}

	dequeue() {
		const current = this.#head;
		if (!current) {
			return;
		}

		this.#head = this.#head.next;
		this.#size--;

		// Clean up tail reference when queue becomes empty
		if (!this.#head) {
			this.#tail = undefined;
		}

		return current.value;
	}

	peek() {
		if (!this.#head) {
			return;
		}

		return this.#head.value;

		// TODO: Node.js 18.
		// return this.#head?.value;
	}

	clear() {
		this.#head = undefined;
		this.#tail = undefined;
		this.#size = 0;
	}

	get size() {
		return this.#size;
	}

	* [Symbol.iterator]() {
		let current = this.#head;

		while (current) {
			yield current.value;
			current = current.next;
		}
	}

	* drain() {
		while (this.#head) {
			yield this.dequeue();
		}
	}
}

;// CONCATENATED MODULE: ./node_modules/p-limit/index.js


function pLimit(concurrency) {
	let rejectOnClear = false;

	if (typeof concurrency === 'object') {
		({concurrency, rejectOnClear = false} = concurrency);
	}

	validateConcurrency(concurrency);

	if (typeof rejectOnClear !== 'boolean') {
		throw new TypeError('Expected `rejectOnClear` to be a boolean');
	}

	const queue = new Queue();
	let activeCount = 0;

	const resumeNext = () => {
		// Process the next queued function if we're under the concurrency limit
		if (activeCount < concurrency && queue.size > 0) {
			activeCount++;
			queue.dequeue().run();
		}
	};

	const next = () => {
		activeCount--;
		resumeNext();
	};

	const run = async (function_, resolve, arguments_) => {
		// Execute the function and capture the result promise
		const result = (async () => function_(...arguments_))();

		// Resolve immediately with the promise (don't wait for completion)
		resolve(result);

		// Wait for the function to complete (success or failure)
		// We catch errors here to prevent unhandled rejections,
		// but the original promise rejection is preserved for the caller
		try {
			await result;
		} catch {}

		// Decrement active count and process next queued function
		next();
	};

	const enqueue = (function_, resolve, reject, arguments_) => {
		const queueItem = {reject};

		// Queue the internal resolve function instead of the run function
		// to preserve the asynchronous execution context.
		new Promise(internalResolve => { // eslint-disable-line promise/param-names
			queueItem.run = internalResolve;
			queue.enqueue(queueItem);
		}).then(run.bind(undefined, function_, resolve, arguments_)); // eslint-disable-line promise/prefer-await-to-then

		// Start processing immediately if we haven't reached the concurrency limit
		if (activeCount < concurrency) {
			resumeNext();
		}
	};

	const generator = (function_, ...arguments_) => new Promise((resolve, reject) => {
		enqueue(function_, resolve, reject, arguments_);
	});

	Object.defineProperties(generator, {
		activeCount: {
			get: () => activeCount,
		},
		pendingCount: {
			get: () => queue.size,
		},
		clearQueue: {
			value() {
				if (!rejectOnClear) {
					queue.clear();
					return;
				}

				const abortError = AbortSignal.abort().reason;

				while (queue.size > 0) {
					queue.dequeue().reject(abortError);
				}
			},
		},
		concurrency: {
			get: () => concurrency,

			set(newConcurrency) {
				validateConcurrency(newConcurrency);
				concurrency = newConcurrency;

				queueMicrotask(() => {
					// eslint-disable-next-line no-unmodified-loop-condition
					while (activeCount < concurrency && queue.size > 0) {
						resumeNext();
					}
				});
			},
		},
		map: {
			async value(iterable, function_) {
				const promises = [];

				try {
					Array.from(iterable, (value, index) => {
						const promise = generator(function_, value, index);
						promises.push(promise);
						return promise;
					});
				} catch (error) {
					// The iterable threw, so `Promise.all` never observes the already scheduled promises. Observe them here to avoid unhandled rejections.
					for (const promise of promises) {
						promise.catch(() => {}); // eslint-disable-line promise/prefer-await-to-then
					}

					throw error;
				}

				return Promise.all(promises);
			},
		},
	});

	return generator;
}

function limitFunction(function_, options) {
	const limit = pLimit(options);

	const limitedFunction = (...arguments_) => limit(() => function_(...arguments_));
	Object.defineProperty(limitedFunction, 'clearQueue', {
		value: limit.clearQueue,
	});

	return limitedFunction;
}

function validateConcurrency(concurrency) {
	if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
		throw new TypeError('Expected `concurrency` to be a number from 1 and up');
	}
}

;// CONCATENATED MODULE: ./lib/deploy/concurrency.js
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
const DEFAULT_CONCURRENCY = 64;
//# sourceMappingURL=concurrency.js.map
// EXTERNAL MODULE: ./lib/files/file-body.js + 1 modules
var file_body = __webpack_require__(1734);
;// CONCATENATED MODULE: ./lib/deploy/list-ranges.js
/**
 * Cutting a listing into ranges that can be listed at the same time. S3 lists one page after
 * another, each page naming where the next starts, so a prefix of 10,000 objects is ten round
 * trips in a row. But ListObjectsV2 also starts after any key (`start-after`), and the deploy
 * knows, from its local tree, which keys the bucket most likely holds: cut there, every page's
 * worth, and the pages go out together. Nothing depends on the guess being right: each range is
 * listed until it passes its upper bound, however many pages that takes, so keys the tree does
 * not have (objects to delete) are found all the same.
 */
/** Ranges of pages listed at once: enough to hide the round trips, few enough to bound the pages held in memory (about 300 kB each). */
const LIST_RANGES_IN_FLIGHT = 8;
/**
 * The order S3 lists keys in: their UTF-8 bytes. JavaScript compares UTF-16 code units, which
 * agrees except between characters written as surrogate pairs (above U+FFFF) and U+E000–U+FFFF;
 * a range bound compared the wrong way there would lose the keys between, so the difference is
 * handled.
 */
function compareKeys(a, b) {
    if (a === b)
        return 0;
    const length = Math.min(a.length, b.length);
    let at = 0;
    while (at < length && a.charCodeAt(at) === b.charCodeAt(at))
        at++;
    if (at === length)
        return a.length < b.length ? -1 : 1;
    return utf8Rank(a.charCodeAt(at)) < utf8Rank(b.charCodeAt(at)) ? -1 : 1;
}
/** A code unit's place in UTF-8 byte order: surrogates (pairs, so U+10000 and above) after U+E000–U+FFFF. */
function utf8Rank(unit) {
    if (unit >= 0xd800 && unit <= 0xdfff)
        return unit + 0x2000;
    if (unit >= 0xe000)
        return unit - 0x800;
    return unit;
}
/**
 * The ranges covering every key after `after` (the last key of the first page), cut so each
 * holds about one page of the expected keys. The last range is open-ended, so keys past the
 * expected ones are listed too. Expected keys need not be sorted or unique.
 */
function rangesAfter(expectedKeys, after, pageSize) {
    // Sorted by code units (V8's own sort, several times faster than a comparator here); the
    // bounds are then kept only where they rise in S3's order, which is what makes the ranges
    // cover every key once. Where the two orders differ, a range only holds more or less than a page.
    const later = expectedKeys.filter((key) => compareKeys(key, after) > 0).sort();
    const ranges = [];
    let lower = after;
    for (let at = pageSize - 1; at < later.length - 1; at += pageSize) {
        const bound = later[at];
        if (compareKeys(bound, lower) <= 0)
            continue;
        ranges.push({ after: lower, through: bound });
        lower = bound;
    }
    ranges.push({ after: lower });
    return ranges;
}
//# sourceMappingURL=list-ranges.js.map
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/aws/signature-v4.js

function sha256Hex(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}
function hmac(key, data) {
    return (0,external_node_crypto_.createHmac)('sha256', key).update(data, 'utf8').digest();
}
/**
 * Written here rather than using @smithy/signature-v4 (the SDK's signer, which an earlier version
 * of this file used) because of measured CPU: signing a PUT of a deploy's header set took 16–22 µs through
 * SignatureV4.sign (async hashing, header and query canonicalisation for every service) against
 * 5–6 µs here, node 20, 20,000 signatures, 3 rounds (1 December 2026). For a 10,000-file deploy
 * that is about 0.12 s of the engine's 2.2 s of client CPU (bench/README.md). It covers only what
 * handoff sends: header-signed requests with lower-case header names and paths already encoded,
 * to S3 (test/deploy/s3-http.test.ts checks it against a signature-checking s3rver) and IAM's
 * query API (`handoff doctor` reading a role's trust policy).
 *
 * AWS Signature Version 4 over the given headers (all signed; names lower-case): adds
 * x-amz-date, x-amz-security-token for temporary credentials, and authorization. The path is
 * signed as sent (S3 does not encode it twice); the payload hash is the x-amz-content-sha256
 * header's value (S3 requires the header; other services accept it as one more signed header). The signing key is cached per day, region and secret.
 */
function createSigner(region, service) {
    let cachedKey;
    return (credentials, method, path, search, headers, now) => {
        const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
        const day = amzDate.slice(0, 8);
        const scope = `${day}/${region}/${service}/aws4_request`;
        headers['x-amz-date'] = amzDate;
        if (credentials.sessionToken)
            headers['x-amz-security-token'] = credentials.sessionToken;
        const names = Object.keys(headers).sort();
        const canonicalHeaders = names.map((name) => `${name}:${headers[name].trim().replace(/\s+/g, ' ')}\n`).join('');
        const signedHeaders = names.join(';');
        const canonicalRequest = `${method}\n${path}\n${search}\n${canonicalHeaders}\n${signedHeaders}\n${headers['x-amz-content-sha256']}`;
        const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
        if (cachedKey?.scope !== scope || cachedKey.secret !== credentials.secretAccessKey) {
            const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), 'aws4_request');
            cachedKey = { scope, secret: credentials.secretAccessKey, key };
        }
        const signature = (0,external_node_crypto_.createHmac)('sha256', cachedKey.key).update(stringToSign, 'utf8').digest('hex');
        headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    };
}
//# sourceMappingURL=signature-v4.js.map
// EXTERNAL MODULE: ./lib/retry/retry.js
var retry = __webpack_require__(4508);
// EXTERNAL MODULE: ./lib/aws/s3-credentials.js
var s3_credentials = __webpack_require__(1352);
// EXTERNAL MODULE: ./lib/deploy/aws-error.js
var aws_error = __webpack_require__(3445);
;// CONCATENATED MODULE: ./lib/aws/xml-text.js
/* AWS's query and REST APIs (S3, IAM) answer in XML; the few fields read from it need no parser. */
/** The text of the first `<tag>…</tag>` in an XML document, entities decoded. */
function xmlText(xml, tag, from = 0) {
    const open = xml.indexOf(`<${tag}>`, from);
    if (open < 0)
        return undefined;
    const start = open + tag.length + 2;
    const end = xml.indexOf(`</${tag}>`, start);
    if (end < 0)
        return undefined;
    return decodeXml(xml.slice(start, end));
}
const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(text) {
    if (!text.includes('&'))
        return text;
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity) => entity.startsWith('#x')
        ? String.fromCodePoint(parseInt(entity.slice(2), 16))
        : entity.startsWith('#')
            ? String.fromCodePoint(parseInt(entity.slice(1), 10))
            : XML_ENTITIES[entity]);
}
//# sourceMappingURL=xml-text.js.map
// EXTERNAL MODULE: ./lib/clock.js
var clock = __webpack_require__(5233);
;// CONCATENATED MODULE: ./lib/deploy/s3-http.js
// Longer than 300 lines on purpose: the signer, the request gate (in-flight limit halved on
// SlowDown) and the request loop are one hot path, kept together so its cost per request can be read.







const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** As the SDK's standard retry mode: full jitter, base delays 100 ms (500 ms after throttling), cap 20 s. */
const RETRY_BACKOFF = { baseDelayMs: 100, maxDelayMs: 20_000, jitter: 'full' };
const THROTTLE_BACKOFF = { ...RETRY_BACKOFF, baseDelayMs: 500 };
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalError']);
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** RFC 3986 encoding, as S3 expects it in paths and query strings. */
function encodeRfc3986(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** Where requests for a bucket go: the configured endpoint, or AWS's regional one. */
function targetFor(settings, bucket) {
    const url = new URL(settings.endpoint ?? `https://s3.${settings.region}.${settings.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`);
    const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
    // A bucket with dots cannot be a TLS host name under the wildcard certificate: path style then.
    const dnsSafe = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) && !(protocol === 'https:' && bucket.includes('.'));
    const pathStyle = (settings.forcePathStyle ?? false) || !dnsSafe;
    const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    return {
        protocol,
        hostname: pathStyle ? url.hostname : `${bucket}.${url.hostname}`,
        ...(url.port ? { port: Number(url.port) } : {}),
        basePath,
        pathStyle,
    };
}
/**
 * Requests in flight, bounded by a limit that halves on throttling (at most once per
 * HALVE_EVERY_MS, so one burst of SlowDowns counts once) and grows back by one per limit's worth
 * of successes: additive increase, multiplicative decrease, as TCP backs off.
 */
class RequestGate {
    max;
    limit;
    inFlight = 0;
    waiting = [];
    lastHalved = 0;
    constructor(max) {
        this.max = max;
        this.limit = max;
    }
    async acquire() {
        if (this.inFlight < Math.floor(this.limit)) {
            this.inFlight++;
            return;
        }
        await new Promise((resolve) => this.waiting.push(resolve));
    }
    release(throttled) {
        const now = (0,clock/* monotonicClock */.V)();
        if (throttled) {
            if (now - this.lastHalved > HALVE_EVERY_MS) {
                this.limit = Math.max(1, this.limit / 2);
                this.lastHalved = now;
            }
        }
        else if (this.limit < this.max) {
            this.limit = Math.min(this.max, this.limit + 1 / this.limit);
        }
        if (this.waiting.length > 0 && this.inFlight <= Math.floor(this.limit)) {
            this.waiting.shift()(); // the slot passes on
        }
        else {
            this.inFlight--;
        }
    }
}
const HALVE_EVERY_MS = 200;
function createS3Http(settings) {
    const credentials = (0,s3_credentials/* credentialSource */.L)(settings.credentials);
    const sign = createSigner(settings.region, 's3');
    // TLS loads only for an https endpoint (AWS always; local and test servers rarely).
    const http = { module: external_node_http_, agent: new external_node_http_.Agent({ keepAlive: true, maxSockets: settings.maxInFlight + 4 }) };
    let secure;
    const transport = (protocol) => protocol === 'http:'
        ? http
        : (secure ??= Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 19)).then(({ default: module }) => ({ module, agent: new module.Agent({ keepAlive: true, maxSockets: settings.maxInFlight + 4 }) })));
    const gate = new RequestGate(settings.maxInFlight);
    const targets = new Map();
    async function attempt(request) {
        let target = targets.get(request.bucket);
        if (!target) {
            target = targetFor(settings, request.bucket);
            targets.set(request.bucket, target);
        }
        const keyPath = request.key === undefined ? '' : request.key.split('/').map(encodeRfc3986).join('/');
        const path = target.basePath + (target.pathStyle ? `${encodeRfc3986(request.bucket)}${request.key === undefined ? '' : '/'}` : '') + keyPath;
        const query = request.query ?? {};
        const headers = { ...request.headers };
        headers.host = target.port ? `${target.hostname}:${target.port}` : target.hostname;
        const body = request.body;
        if (body) {
            headers['content-length'] = String(body.length);
            if (request.bodyMd5)
                headers['content-md5'] = Buffer.from(request.bodyMd5, 'hex').toString('base64');
            // Over TLS the payload needs no hash of its own (S3 allows it; Content-MD5 still checks
            // the bytes); over plain HTTP the signature covers it.
            headers['x-amz-content-sha256'] = target.protocol === 'https:' ? 'UNSIGNED-PAYLOAD' : sha256Hex(body);
        }
        else {
            headers['x-amz-content-sha256'] = EMPTY_SHA256;
        }
        const search = Object.keys(query)
            .sort()
            .map((name) => `${encodeRfc3986(name)}=${encodeRfc3986(query[name])}`)
            .join('&');
        sign(await credentials(), request.method, path, search, headers, (0,clock/* systemClock */.m)());
        const { module, agent } = await transport(target.protocol);
        return new Promise((resolve, reject) => {
            const req = module.request({
                protocol: target.protocol,
                hostname: target.hostname,
                ...(target.port ? { port: target.port } : {}),
                method: request.method,
                path: search ? `${path}?${search}` : path,
                headers,
                agent,
                ...(request.signal ? { signal: request.signal } : {}),
            }, (res) => {
                const chunks = [];
                res.on('data', (chunk) => chunks.push(chunk));
                res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
                res.on('error', reject);
            });
            req.on('error', reject);
            req.end(body);
        });
    }
    return {
        send(request, accept = (status) => status < 300) {
            return (0,retry/* withRetries */.LH)(async () => {
                await gate.acquire();
                let response;
                let failure;
                try {
                    response = await attempt(request);
                }
                catch (error) {
                    failure = error;
                }
                const error = response && !accept(response.status) ? errorFromResponse(response, request.method) : failure;
                gate.release(error !== undefined && isThrottling(error));
                if (error !== undefined)
                    throw error;
                return response;
            }, {
                attempts: settings.maxAttempts,
                backoff: (error) => (isThrottling(error) ? THROTTLE_BACKOFF : RETRY_BACKOFF),
                retryable: isRetryable,
                signal: request.signal,
            });
        },
        destroy() {
            http.agent.destroy();
            void secure?.then(({ agent }) => agent.destroy());
        },
    };
}
function isThrottling(error) {
    const e = error;
    return (e.Code !== undefined && aws_error/* THROTTLING_CODES */.Jr.has(e.Code)) || e.$metadata?.httpStatusCode === 429 || e.$metadata?.httpStatusCode === 503;
}
function isRetryable(error) {
    const e = error;
    if (e.$metadata) {
        return RETRYABLE_STATUS.has(e.$metadata.httpStatusCode) || (e.Code !== undefined && (aws_error/* THROTTLING_CODES */.Jr.has(e.Code) || TRANSIENT_CODES.has(e.Code)));
    }
    return typeof e.code === 'string' && NETWORK_ERROR_CODES.has(e.code);
}
/** Names the SDK gives an error answer without a body (HEAD). */
const STATUS_NAMES = { 301: 'MovedPermanently', 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound' };
/** The error S3's answer describes: the XML body's Code and Message when it has them. */
function errorFromResponse(response, method) {
    const text = method === 'HEAD' ? '' : response.body.toString('utf8');
    const code = xmlText(text, 'Code');
    const name = code ?? STATUS_NAMES[response.status] ?? 'UnknownError';
    const message = xmlText(text, 'Message') ?? code ?? name;
    const error = new Error(message);
    error.name = name;
    if (code)
        error.Code = code;
    error.$fault = response.status >= 500 ? 'server' : 'client';
    const requestId = response.headers['x-amz-request-id'];
    error.$metadata = { httpStatusCode: response.status, ...(typeof requestId === 'string' ? { requestId } : {}) };
    return error;
}
//# sourceMappingURL=s3-http.js.map
;// CONCATENATED MODULE: ./lib/deploy/s3-store.js
// Longer than 300 lines on purpose: every S3 operation the deploy sends (list, head, get, put,
// multipart, delete batches) in one store, over the signed requests and the SDK client.






/** Object metadata handoff writes on upload (S3 sends it as `x-amz-meta-handoff-md5` etc.). */
const META_MD5 = 'handoff-md5';
const META_HEADERS = 'handoff-headers';
const DEFAULT_MAX_ATTEMPTS = 5;
/**
 * A connection whose credentials come from the SDK's default chain (environment, profile, SSO,
 * instance role), or from the edge for a server it started: never from task or config files, which an agent writes and a repository
 * keeps. `maxInFlight` bounds the requests in flight (the deploy passes its concurrency).
 */
function createS3Client(settings, options = {}) {
    const maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const http = createS3Http({
        region: settings.region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        forcePathStyle: settings.forcePathStyle,
        maxAttempts,
        maxInFlight: options.maxInFlight ?? DEFAULT_CONCURRENCY,
        ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
    let sdk;
    let destroyed = false;
    return {
        http,
        sdkClient() {
            sdk ??= Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19)).then(({ S3Client }) => {
                const checksums = settings.requestChecksumCalculation;
                const client = new S3Client({
                    region: settings.region,
                    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
                    forcePathStyle: settings.forcePathStyle,
                    requestChecksumCalculation: checksums,
                    responseChecksumValidation: checksums,
                    maxAttempts,
                    ...(settings.credentials ? { credentials: settings.credentials } : {}),
                });
                if (destroyed)
                    client.destroy();
                return client;
            });
            return sdk;
        },
        destroy() {
            destroyed = true;
            http.destroy();
            void sdk?.then((client) => client.destroy());
        },
    };
}
const DEFAULT_MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const MIN_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** ListObjectsV2 answers at most this many keys a page (and that many by default). */
const MAX_KEYS_PER_PAGE = 1000;
/** DeleteObjects takes at most this many keys. */
const MAX_KEYS_PER_DELETE = 1000;
/** The keys in DeleteObjects-sized batches, in order: the one place deletes are chunked. */
function deleteBatches(keys) {
    const batches = [];
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_DELETE)
        batches.push(keys.slice(start, start + MAX_KEYS_PER_DELETE));
    return batches;
}
function createS3Store(connection, options) {
    const { bucket } = options;
    const { http } = connection;
    const threshold = options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD;
    const sse = options.serverSideEncryption ? { ServerSideEncryption: options.serverSideEncryption } : {};
    const sseHeader = options.serverSideEncryption ? { 'x-amz-server-side-encryption': options.serverSideEncryption } : {};
    const found = (status) => status < 300 || status === 404;
    const pageSize = options.listPageSize ?? MAX_KEYS_PER_PAGE;
    async function listPage(prefix, from, signal) {
        const page = await requestListingPage(http, { bucket, prefix, from, maxKeys: options.listPageSize, signal });
        return { objects: parseListing(page.xml), next: page.next };
    }
    /** Lists one range into `objects`, page after page, until it passes the range's upper bound. */
    async function listRange(prefix, range, objects, signal, token) {
        let from = token ? { token } : { startAfter: range.after };
        for (;;) {
            const page = await listPage(prefix, from, signal);
            let passed = false;
            for (const object of page.objects) {
                if (range.through !== undefined && compareKeys(object.key, range.through) > 0) {
                    passed = true;
                    break;
                }
                objects.set(object.key, object);
            }
            // a page ending on the bound holds the range's last key: the next page is the next range's
            const last = page.objects.at(-1)?.key;
            if (passed || !page.next || (range.through !== undefined && last === range.through))
                return;
            from = { token: page.next };
        }
    }
    return {
        async list(prefix, signal, expectedKeys) {
            const objects = new Map();
            const first = await listPage(prefix, {}, signal);
            for (const object of first.objects)
                objects.set(object.key, object);
            if (!first.next)
                return objects;
            // More than a page: the rest is cut at the expected keys and listed a few ranges at once.
            const lastKey = first.objects.at(-1)?.key;
            const ranges = lastKey === undefined ? [] : rangesAfter(expectedKeys ? await expectedKeys : [], lastKey, pageSize);
            if (ranges.length <= 1) {
                await listRange(prefix, { after: lastKey ?? '' }, objects, signal, first.next);
                return objects;
            }
            const failed = new AbortController();
            const stop = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
            const limit = pLimit(LIST_RANGES_IN_FLIGHT);
            await Promise.all(ranges.map((range) => limit(() => listRange(prefix, range, objects, stop)).catch((error) => {
                // the first failure is the one reported; the ranges still queued or paging stop
                failed.abort(error);
                throw error;
            })));
            return objects;
        },
        async head(key, signal) {
            const out = await http.send({ method: 'HEAD', bucket, key, signal }, found);
            if (out.status === 404)
                return undefined;
            const h = out.headers;
            const headers = { contentType: h['content-type'] ?? '', cacheControl: h['cache-control'] ?? '' };
            if (h['content-encoding'])
                headers.contentEncoding = h['content-encoding'];
            const metadata = {};
            for (const [name, value] of Object.entries(h)) {
                if (name.startsWith('x-amz-meta-') && typeof value === 'string')
                    metadata[name.slice('x-amz-meta-'.length)] = value;
            }
            const encryption = h['x-amz-server-side-encryption'];
            return { size: Number(h['content-length'] ?? 0), etag: h.etag ?? '', headers, metadata, ...(typeof encryption === 'string' ? { encryption } : {}) };
        },
        async put(key, file, signal) {
            const gzip = file.headers.contentEncoding === 'gzip';
            if (file.bodySize <= threshold) {
                const body = await (0,file_body/* loadBody */.PZ)({ absolutePath: file.absolutePath, gzip });
                const out = await http.send({
                    method: 'PUT',
                    bucket,
                    key,
                    headers: {
                        'content-type': file.headers.contentType,
                        'cache-control': file.headers.cacheControl,
                        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
                        [`x-amz-meta-${META_MD5}`]: file.bodyMd5,
                        [`x-amz-meta-${META_HEADERS}`]: file.headersHash,
                        ...sseHeader,
                    },
                    body: body.content,
                    bodyMd5: file.bodyMd5,
                    signal,
                });
                // only after an answer: a request that failed or was aborted may still hold the bytes
                body.release();
                const { etag, 'x-amz-server-side-encryption': encryption } = out.headers;
                return { ...(etag ? { etag } : {}), ...(typeof encryption === 'string' ? { encryption } : {}) };
            }
            // the SDK and lib-storage load only for the rare file above the multipart threshold
            const [{ Upload }, client] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711), __webpack_require__.e(358)]).then(__webpack_require__.t.bind(__webpack_require__, 2358, 19)), connection.sdkClient()]);
            const upload = new Upload({
                client,
                params: {
                    Bucket: bucket,
                    Key: key,
                    ContentType: file.headers.contentType,
                    CacheControl: file.headers.cacheControl,
                    ...(gzip ? { ContentEncoding: 'gzip' } : {}),
                    Metadata: { [META_MD5]: file.bodyMd5, [META_HEADERS]: file.headersHash },
                    ...sse,
                    Body: (0,file_body/* openBody */.BO)({ absolutePath: file.absolutePath, gzip }),
                },
                partSize: Math.max(MIN_PART_SIZE, Math.ceil(file.bodySize / MAX_PARTS)),
                queueSize: 4,
                leavePartsOnError: false,
            });
            const onAbort = () => void upload.abort().catch(() => { });
            signal?.addEventListener('abort', onAbort, { once: true });
            try {
                return putAnswer(await upload.done());
            }
            finally {
                signal?.removeEventListener('abort', onAbort);
            }
        },
        async deleteBatch(keys, signal) {
            const result = { deleted: [], errors: [] };
            for (const batch of deleteBatches(keys)) {
                // Signed and sent like every other request (same gate, same retries); S3 requires the body's MD5.
                const body = Buffer.from(deleteObjectsXml(batch), 'utf8');
                const out = await http.send({ method: 'POST', bucket, query: { delete: '' }, headers: { 'content-type': 'application/xml' }, body, bodyMd5: (0,file_body/* md5Hex */.CC)(body), signal });
                const errors = parseDeleteErrors(out.body.toString('utf8'));
                const failed = new Set(errors.map((entry) => entry.key));
                result.errors.push(...errors);
                for (const key of batch)
                    if (!failed.has(key))
                        result.deleted.push(key);
            }
            return result;
        },
        async getBytes(key, signal) {
            const out = await http.send({ method: 'GET', bucket, key, signal }, found);
            return out.status === 404 ? undefined : out.body;
        },
        async putBytes(key, body, contentType, signal) {
            await http.send({
                method: 'PUT',
                bucket,
                key,
                headers: { 'content-type': contentType, 'cache-control': 'no-store', ...sseHeader },
                body,
                bodyMd5: (0,file_body/* md5Hex */.CC)(body),
                signal,
            });
        },
    };
}
/** What a completed multipart upload's answer (through the SDK) says about the stored object. */
function putAnswer(out) {
    return { ...(out.ETag ? { etag: out.ETag } : {}), ...(out.ServerSideEncryption ? { encryption: out.ServerSideEncryption } : {}) };
}
/** A DeleteObjects request's body: the keys, quiet (S3 then answers only the keys it could not delete). */
function deleteObjectsXml(keys) {
    const objects = keys.map((key) => `<Object><Key>${escapeXml(key)}</Key></Object>`).join('');
    return `<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>${objects}</Delete>`;
}
/** Characters XML text cannot hold as they are; line breaks and tabs too, which a parser would normalise. */
function escapeXml(text) {
    return text.replace(/[&<>"'\r\n\t]/g, (character) => `&#${character.charCodeAt(0)};`);
}
/** The keys a DeleteObjects answer (200) reports it could not delete, each with S3's code and message. */
function parseDeleteErrors(xml) {
    const errors = [];
    for (let at = xml.indexOf('<Error>'); at >= 0; at = xml.indexOf('<Error>', at + 7)) {
        const end = xml.indexOf('</Error>', at);
        const entry = xml.slice(at, end < 0 ? undefined : end);
        const code = xmlText(entry, 'Code');
        const error = { message: xmlText(entry, 'Message') ?? code ?? 'delete failed', name: code ?? 'Error' };
        if (code)
            error.code = code;
        errors.push({ key: xmlText(entry, 'Key') ?? '', error });
    }
    return errors;
}
/** One ListObjectsV2 page, as S3 answered it, and the token of the next when there is one. */
async function requestListingPage(http, request) {
    request.signal?.throwIfAborted();
    const query = { 'list-type': '2', prefix: request.prefix };
    if (request.maxKeys)
        query['max-keys'] = String(request.maxKeys);
    if (request.from.token)
        query['continuation-token'] = request.from.token;
    else if (request.from.startAfter !== undefined)
        query['start-after'] = request.from.startAfter;
    const xml = (await http.send({ method: 'GET', bucket: request.bucket, query, signal: request.signal })).body.toString('utf8');
    const next = xmlText(xml, 'IsTruncated') === 'true' ? xmlText(xml, 'NextContinuationToken') : undefined;
    return { xml, next };
}
/**
 * Every ListObjectsV2 page under a prefix, one after another, as S3 answered it: for a listing
 * that reads fields the deploy's own leaves out (the previews' LastModified). The same signed
 * requests, gate and retries as the deploy's.
 */
async function* listingPages(http, bucket, prefix, options = {}) {
    let from = {};
    for (;;) {
        const page = await requestListingPage(http, { bucket, prefix, from, maxKeys: options.maxKeys, signal: options.signal });
        yield page.xml;
        if (!page.next)
            return;
        from = { token: page.next };
    }
}
/** The text of each `<Contents>` entry of a ListObjectsV2 page, in order. */
function* listedEntries(xml) {
    for (let at = xml.indexOf('<Contents>'); at >= 0; at = xml.indexOf('<Contents>', at + 10)) {
        const end = xml.indexOf('</Contents>', at);
        yield xml.slice(at, end < 0 ? undefined : end);
    }
}
/** The objects of one ListObjectsV2 page. */
function parseListing(xml) {
    const objects = [];
    for (const entry of listedEntries(xml)) {
        const key = xmlText(entry, 'Key');
        if (key === undefined)
            continue;
        // LastModified is not read: the plan compares sizes and MD5s, never times.
        objects.push({ key: detached(key), size: Number(xmlText(entry, 'Size') ?? 0), etag: xmlText(entry, 'ETag') ?? '' });
    }
    return objects;
}
/**
 * A copy of a substring that does not hold on to the text it was cut from. V8 keeps a slice of
 * 13 characters or more as a view of its parent, so every listed key kept its whole page of XML
 * (about 200 bytes an object) alive as long as the key lived: 10 MB at 50,000 objects. Joined
 * to a space, the text is copied into a new string, of which the slice is the view.
 */
function detached(text) {
    return ` ${text}`.slice(1);
}
//# sourceMappingURL=s3-store.js.map
// EXTERNAL MODULE: ./lib/deploy/target-defaults.js
var target_defaults = __webpack_require__(6261);
;// CONCATENATED MODULE: ./lib/preview/preview-store.js



/**
 * The dev bucket as the removal and the sweep see it. S3-compatible servers get path-style
 * addressing and only the checksums they require (unless environments.dev.checksum_mode says
 * otherwise), as a deploy to them does.
 */
function openPreviewStore(settings, access) {
    const client = createS3Client((0,target_defaults/* resolveS3Target */.w9)({
        region: settings.region,
        endpoint: access.endpointOverride ?? settings.s3Endpoint ?? undefined,
        forcePathStyle: settings.forcePathStyle ?? undefined,
        checksumMode: settings.checksumMode ?? undefined,
        credentials: access.credentials,
    }));
    return { store: createS3Store(client, { bucket: settings.bucket }), folders: bucketFolderLister(client, settings.bucket), close: () => client.destroy() };
}
/**
 * Lists every ListObjectsV2 page over the connection's own signed requests (the deploy's gate and
 * retries), reading LastModified, which the deploy's own listing leaves out since it compares
 * sizes and MD5s only.
 */
function bucketFolderLister(connection, bucket, options = {}) {
    return {
        async foldersUnder(previewPrefix, signal) {
            const folders = new Map();
            for await (const page of listingPages(connection.http, bucket, previewPrefix, { ...(options.pageSize ? { maxKeys: options.pageSize } : {}), ...(signal ? { signal } : {}) })) {
                for (const entry of listedEntries(page)) {
                    const key = xmlText(entry, 'Key') ?? '';
                    const rest = key.slice(previewPrefix.length);
                    const slash = rest.indexOf('/');
                    // An object right in the previews folder belongs to no preview: never swept.
                    if (!key.startsWith(previewPrefix) || slash <= 0)
                        continue;
                    const name = rest.slice(0, slash);
                    const modified = lastModifiedOf(entry);
                    const folder = folders.get(name) ?? { prefix: `${previewPrefix}${name}/`, name, objects: 0, newest: modified };
                    folder.objects += 1;
                    if (modified > folder.newest)
                        folder.newest = modified;
                    folders.set(name, folder);
                }
            }
            return [...folders.values()];
        },
    };
}
/** An entry's LastModified; one S3 leaves out or garbles counts as written long ago, as the SDK's lister had it. */
function lastModifiedOf(entry) {
    const modified = new Date(xmlText(entry, 'LastModified') ?? 0);
    return Number.isNaN(modified.getTime()) ? new Date(0) : modified;
}
//# sourceMappingURL=preview-store.js.map

/***/ })

};
