export const id = 930;
export const ids = [930];
export const modules = {

/***/ 4930:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploySite: () => (/* binding */ deploySite)
});

// EXTERNAL MODULE: ./lib/clock.js
var clock = __webpack_require__(5233);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./lib/deploy/aws-error.js
var aws_error = __webpack_require__(3445);
;// CONCATENATED MODULE: ./lib/deploy/dry-run.js
/**
 * A store that reads through to the real bucket and records writes instead of sending them, as
 * bep/s3deploy does: the engine runs the same code path for real and dry runs, and the dry run
 * cannot write by accident because no write reaches the inner store.
 */
function createDryRunStore(inner) {
    const recorded = { puts: [], deletes: [] };
    return {
        recorded,
        list: (prefix, signal, expectedKeys) => inner.list(prefix, signal, expectedKeys),
        head: (key, signal) => inner.head(key, signal),
        getBytes: (key, signal) => inner.getBytes(key, signal),
        async put(key, file) {
            recorded.puts.push(key);
            return { etag: `"${file.bodyMd5}"` };
        },
        async deleteBatch(keys) {
            recorded.deletes.push(...keys);
            return { deleted: [...keys], errors: [] };
        },
        async putBytes(key) {
            recorded.puts.push(key);
        },
    };
}
/** Why a dry run's invalidation was not sent (the report's reason). */
const DRY_RUN_REASON = 'dry run';
/** An invalidator that sends nothing and answers with the paths it was given, as planned. */
function createDryRunInvalidator() {
    return {
        async invalidate(request) {
            return { id: '', status: 'Planned', paths: [...request.paths], callerReference: '', attempts: 0, completed: false, planned: { reason: DRY_RUN_REASON } };
        },
    };
}
//# sourceMappingURL=dry-run.js.map
// EXTERNAL MODULE: ./lib/deploy/plan.js
var deploy_plan = __webpack_require__(8220);
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

// EXTERNAL MODULE: ./lib/deploy/concurrency.js
var concurrency = __webpack_require__(472);
// EXTERNAL MODULE: ./lib/files/file-body.js
var file_body = __webpack_require__(4218);
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
        maxInFlight: options.maxInFlight ?? concurrency/* DEFAULT_CONCURRENCY */.W,
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
;// CONCATENATED MODULE: ./lib/deploy/execute.js



/** Body bytes in flight at most, so a wide pool of big files stays bounded in memory. */
const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
/**
 * Runs a plan: uploads through a bounded pool, one phase at a time (every asset stored before
 * the first page that may use it), then deletes, and only when every upload succeeded, so a
 * failed deploy never leaves a page pointing at a deleted file. After the first failure no new
 * upload starts: a denied or unreachable bucket fails in seconds instead of retrying every file.
 * Refuses the whole plan, writing nothing, when it deletes more than allowed.
 */
async function executePlan(plan, store, options) {
    const result = { uploaded: [], deleted: [], bytesUploaded: 0, deleteErrors: [] };
    if (plan.tooManyDeletes) {
        const { count, limit } = plan.tooManyDeletes;
        result.failure = {
            phase: 'plan',
            error: {
                name: 'TooManyDeletes',
                code: 'TooManyDeletes',
                message: `refusing to deploy: it would delete ${count} objects and the limit (max-deletes) is ${limit}; nothing was uploaded or deleted`,
            },
        };
        return result;
    }
    const { signal, onProgress } = options;
    const { concurrency } = options;
    const bytesInFlight = new ByteBudget(MAX_BYTES_IN_FLIGHT);
    const filesTotal = plan.uploads.length + plan.deletes.length;
    let filesDone = 0;
    const report = (phase) => onProgress?.({ phase, filesDone, filesTotal, bytesDone: result.bytesUploaded, bytesTotal: plan.bytesToUpload });
    const uploadOne = async (upload) => {
        if (signal?.aborted) {
            result.failure = { phase: 'upload', error: (0,aws_error/* describeAwsError */.Pp)(signal.reason ?? new Error('aborted')) };
            return;
        }
        const bytes = bytesInFlight.share(upload.file.bodySize);
        await bytesInFlight.acquire(bytes);
        try {
            if (result.failure)
                return;
            const { etag, encryption } = await store.put(upload.key, upload.file, signal);
            result.uploaded.push({ key: upload.key, ...(etag ? { etag } : {}), ...(encryption ? { encryption } : {}), bytes: upload.file.bodySize });
            result.bytesUploaded += upload.file.bodySize;
            filesDone++;
            report('upload');
        }
        catch (error) {
            result.failure ??= { phase: 'upload', key: upload.key, error: (0,aws_error/* describeAwsError */.Pp)(error) };
        }
        finally {
            bytesInFlight.release(bytes);
        }
    };
    for (const phase of deploy_plan/* UPLOAD_PHASES */.pe) {
        const uploads = plan.uploads.filter((upload) => upload.phase === phase);
        // A fixed set of workers taking the next upload, rather than a task queued per file: a
        // 10k-file deploy then holds a few dozen pending promises, not ten thousand.
        let next = 0;
        const worker = async () => {
            while (next < uploads.length && !result.failure)
                await uploadOne(uploads[next++]);
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, uploads.length) }, worker));
        if (result.failure)
            return result;
    }
    if (plan.deletes.length === 0)
        return result;
    if (signal?.aborted) {
        result.failure = { phase: 'delete', error: (0,aws_error/* describeAwsError */.Pp)(signal.reason ?? new Error('aborted')) };
        return result;
    }
    try {
        // batch by batch, so progress moves per DeleteObjects request
        for (const batch of deleteBatches(plan.deletes)) {
            const { deleted, errors } = await store.deleteBatch(batch, signal);
            result.deleted.push(...deleted);
            result.deleteErrors.push(...errors);
            filesDone += deleted.length;
            report('delete');
        }
    }
    catch (error) {
        result.failure = { phase: 'delete', error: (0,aws_error/* describeAwsError */.Pp)(error) };
        return result;
    }
    const first = result.deleteErrors[0];
    if (first) {
        result.failure = {
            phase: 'delete',
            key: first.key,
            error: {
                ...first.error,
                message: `${result.deleteErrors.length} of ${plan.deletes.length} deletes failed; first: ${first.key}: ${first.error.message}`,
            },
        };
    }
    return result;
}
/**
 * A budget of bytes shared by the uploads in flight. A body larger than the whole budget counts
 * as the whole budget, so it goes up alone instead of waiting forever.
 */
class ByteBudget {
    max;
    used = 0;
    waiting = [];
    constructor(max) {
        this.max = max;
    }
    share(bytes) {
        return Math.min(bytes, this.max);
    }
    async acquire(bytes) {
        while (this.used > 0 && this.used + bytes > this.max)
            await new Promise((resolve) => this.waiting.push(resolve));
        this.used += bytes;
    }
    release(bytes) {
        this.used -= bytes;
        for (const wake of this.waiting.splice(0))
            wake();
    }
}
//# sourceMappingURL=execute.js.map
// EXTERNAL MODULE: ./lib/primitives/glob.js
var glob = __webpack_require__(5174);
// EXTERNAL MODULE: external "node:path/posix"
var posix_ = __webpack_require__(3916);
;// CONCATENATED MODULE: ./lib/deploy/content-type.js

/**
 * Content types by file name, shipped with the project rather than read from the machine's mime
 * database, so the same build gets the same headers on every worker (a missing or old
 * /etc/mime.types silently turns .webp or .woff2 into application/octet-stream elsewhere).
 */
const CONTENT_TYPES = {
    html: 'text/html; charset=utf-8',
    htm: 'text/html; charset=utf-8',
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    mjs: 'text/javascript; charset=utf-8',
    json: 'application/json; charset=utf-8',
    map: 'application/json; charset=utf-8',
    webmanifest: 'application/manifest+json; charset=utf-8',
    xml: 'application/xml; charset=utf-8',
    xsl: 'application/xml; charset=utf-8',
    rss: 'application/rss+xml; charset=utf-8',
    atom: 'application/atom+xml; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
    md: 'text/markdown; charset=utf-8',
    csv: 'text/csv; charset=utf-8',
    ics: 'text/calendar; charset=utf-8',
    vtt: 'text/vtt; charset=utf-8',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/x-icon',
    bmp: 'image/bmp',
    tif: 'image/tiff',
    tiff: 'image/tiff',
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    otf: 'font/otf',
    eot: 'application/vnd.ms-fontobject',
    pdf: 'application/pdf',
    wasm: 'application/wasm',
    mp4: 'video/mp4',
    webm: 'video/webm',
    ogv: 'video/ogg',
    mov: 'video/quicktime',
    mp3: 'audio/mpeg',
    ogg: 'audio/ogg',
    oga: 'audio/ogg',
    wav: 'audio/wav',
    m4a: 'audio/mp4',
    flac: 'audio/flac',
    zip: 'application/zip',
    gz: 'application/gzip',
    tgz: 'application/gzip',
    tar: 'application/x-tar',
    epub: 'application/epub+zip',
};
/** Whole file names whose type differs from their extension's (Hugo writes feeds as index.xml). */
const CONTENT_TYPES_BY_NAME = {
    'index.xml': 'application/rss+xml; charset=utf-8',
    'sitemap.xml': 'application/xml; charset=utf-8',
    'atom.xml': 'application/atom+xml; charset=utf-8',
};
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/** The Content-Type for a site path (posix, relative); unknown extensions are served as bytes. */
function contentTypeFor(filePath) {
    const name = posix_.basename(filePath).toLowerCase();
    const byName = CONTENT_TYPES_BY_NAME[name];
    if (byName)
        return byName;
    const dot = name.lastIndexOf('.');
    if (dot === -1)
        return DEFAULT_CONTENT_TYPE;
    return CONTENT_TYPES[name.slice(dot + 1)] ?? DEFAULT_CONTENT_TYPE;
}
//# sourceMappingURL=content-type.js.map
;// CONCATENATED MODULE: ./lib/deploy/headers.js




/** Pages and feeds change on every content edit, so caches must check back each time. */
const CACHE_REVALIDATE = 'public, max-age=0, must-revalidate';
/** A fingerprinted name changes whenever its content does, so the old bytes can be kept forever. */
const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Other assets (images, fonts without a hash) can change in place: an hour bounds staleness. */
const CACHE_STATIC = 'public, max-age=3600';
const REVALIDATE_EXTENSIONS = new Set(['html', 'htm', 'xml', 'rss', 'atom']);
/**
 * A file name carrying a content hash: a run of at least 8 lowercase hex characters, with at
 * least one digit and one letter (so a date like 20240101 or a word like "deadbeef" is not taken
 * for one), between `.`, `-` or `_` and followed by more of the name, as in main.3f2a9c1b.css,
 * main.min.<64 hex>.css or chunk-3f2a9c1b.js.
 */
function isFingerprinted(filePath) {
    const name = posix_.basename(filePath);
    for (const match of name.matchAll(/(?<=^|[.\-_])[0-9a-f]{8,}(?=[.\-_])/g)) {
        if (/[0-9]/.test(match[0]) && /[a-f]/.test(match[0]))
            return true;
    }
    return false;
}
/** The built-in Cache-Control used when no rule sets one. */
function defaultCacheControl(filePath) {
    const extension = posix_.extname(filePath).slice(1).toLowerCase();
    if (REVALIDATE_EXTENSIONS.has(extension))
        return CACHE_REVALIDATE;
    if (isFingerprinted(filePath))
        return CACHE_IMMUTABLE;
    return CACHE_STATIC;
}
/**
 * Builds the function giving each site path its headers. The one place their precedence is
 * decided, for each header separately (Cache-Control, Content-Type, gzip, force):
 *
 * 1. handoff.yml's rules, in order: the first matching rule that sets the header wins. So
 *    `{path: '*.css', content_encoding: gzip}` gzips CSS and leaves Cache-Control to what follows.
 * 2. The site's `[deployment]` matchers, as hugo deploy applies them: only the first matcher
 *    whose pattern matches counts, and it sets what handoff.yml left unset.
 * 3. handoff's defaults (Content-Type from its table, Cache-Control by kind of file), where hugo
 *    deploy would send none: an unset header is never dropped.
 *
 * handoff.yml comes first because it is where this deploy's owner states headers on purpose, on
 * top of what a theme or an older `hugo deploy` setup brought along.
 */
function createHeaderRules(sets = {}, compilePattern = globPattern) {
    const handoff = (sets.handoff ?? []).map((rule) => ({ rule, matches: compilePattern(rule) }));
    const site = (sets.site ?? []).map((rule) => ({ rule, matches: compilePattern(rule) }));
    const anyForce = [...handoff, ...site].some(({ rule }) => rule.force);
    const matching = (filePath) => {
        const rules = handoff.filter(({ matches }) => matches(filePath)).map(({ rule }) => rule);
        const first = site.find(({ matches }) => matches(filePath));
        return first ? [...rules, first.rule] : rules;
    };
    const pick = (rules, key) => rules.find((rule) => rule[key] !== undefined);
    return {
        headersFor: (filePath) => {
            const rules = matching(filePath);
            const headers = {
                contentType: pick(rules, 'contentType')?.contentType ?? contentTypeFor(filePath),
                cacheControl: pick(rules, 'cacheControl')?.cacheControl ?? defaultCacheControl(filePath),
            };
            if (pick(rules, 'gzip')?.gzip)
                headers.contentEncoding = 'gzip';
            return headers;
        },
        forced: (filePath) => anyForce && pick(matching(filePath), 'force')?.force === true,
        originsOf: (filePath) => {
            const rules = matching(filePath);
            const origins = {};
            const name = (rule) => (rule ? (rule.source ?? `'${rule.pattern}'`) : undefined);
            const cacheControl = name(pick(rules, 'cacheControl'));
            const contentType = name(pick(rules, 'contentType'));
            const gzip = pick(rules, 'gzip');
            const force = pick(rules, 'force');
            if (cacheControl)
                origins.cacheControl = cacheControl;
            if (contentType)
                origins.contentType = contentType;
            if (gzip?.gzip)
                origins.contentEncoding = name(gzip);
            if (force?.force)
                origins.force = name(force);
            return origins;
        },
    };
}
/** Compiles glob rules only; a `go-regexp` rule without hugo-patterns.ts loaded is a programming error. */
function globPattern(rule) {
    if (rule.syntax === 'go-regexp')
        throw new Error(`the Go regular expression '${rule.pattern}' needs the compiler of hugo-patterns.ts`);
    return (0,glob/* compileGlob */.S)(rule.pattern);
}
/** The headers of handoff.yml-style glob rules alone (tests and callers without site matchers). */
function createHeaderResolver(rules = []) {
    return createHeaderRules({ handoff: rules }).headersFor;
}
/**
 * A short fingerprint of the headers an object is stored with. It is kept in the object's
 * metadata and the deploy manifest so that a changed header rule re-uploads exactly the objects
 * whose headers it changes, which comparing content alone cannot see.
 */
function headersFingerprint(headers) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(`${headers.contentType}\n${headers.cacheControl}\n${headers.contentEncoding ?? ''}`)
        .digest('hex')
        .slice(0, 16);
}
//# sourceMappingURL=headers.js.map
;// CONCATENATED MODULE: ./lib/deploy/live-check.js


/**
 * GETs one URL the way a visitor would (redirects followed) and says what came back. Never
 * throws: a site that cannot be reached is a result the report carries, not a crash.
 */
async function checkLiveUrl(url, options = {}) {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const now = options.now ?? clock/* monotonicClock */.V;
    const started = now();
    const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    try {
        const response = await fetchImpl(url, { redirect: 'follow', signal, headers: { 'cache-control': 'no-cache' } });
        const latency = Math.round(now() - started);
        await response.arrayBuffer().catch(() => undefined);
        return { url, http_status: response.status, content_type: response.headers.get('content-type'), latency_ms: latency };
    }
    catch (error) {
        const cause = error.cause;
        const described = (0,aws_error/* describeAwsError */.Pp)(cause instanceof Error ? cause : error);
        if (signal.aborted) {
            described.name = 'TimeoutError';
            described.code ??= 'ETIMEDOUT';
            described.message = `no response from ${url} within ${options.timeoutMs ?? 10_000} ms`;
        }
        return { url, http_status: null, content_type: null, latency_ms: Math.round(now() - started), error: described };
    }
}
/** The site URL first, then each extra path resolved against it. */
async function checkSite(siteUrl, extraPaths = [], options = {}) {
    const urls = [siteUrl, ...extraPaths.map((p) => new URL(p, siteUrl).toString())];
    return Promise.all(urls.map((url) => checkLiveUrl(url, options)));
}
/** A visitor got the page: a 2xx after redirects. */
function isLive(result) {
    return result.http_status !== null && result.http_status >= 200 && result.http_status < 300;
}
//# sourceMappingURL=live-check.js.map
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./lib/deploy/local-tree.js








/**
 * A measured file. Its absolute path is made when the file is read (hashed, uploaded) rather
 * than kept: at 50,000 files the absolute paths held for the whole deploy were 5-7 MB, the
 * largest part of a file's record. All fields are set in the constructor, in one order, so
 * every record has the same hidden class and keeps its fields in the object itself.
 */
class BuildFile {
    root;
    path;
    target;
    headers;
    headersHash;
    size;
    md5;
    bodySize;
    bodyMd5;
    constructor(root, path, target, headers, headersHash, size, md5, bodySize, bodyMd5) {
        this.root = root;
        this.path = path;
        this.target = target;
        this.headers = headers;
        this.headersHash = headersHash;
        this.size = size;
        this.md5 = md5;
        this.bodySize = bodySize;
        this.bodyMd5 = bodyMd5;
    }
    get absolutePath() {
        return sourcePath(this.root, this.path, this.target);
    }
}
/** Where a found file is read from: relative paths use `/`, which the platform's may not. */
function sourcePath(root, relativePath, target) {
    return target ?? root + (external_node_path_.sep === '/' ? relativePath : relativePath.replaceAll('/', external_node_path_.sep));
}
/**
 * Walks the build output and describes each file as it will be stored (headers, size and MD5 of
 * the stored bytes). Symlinks are followed only to files inside the root: a link out of it could
 * publish anything on the machine, and a linked directory could loop.
 */
async function scanLocalTree(root, options) {
    const listing = await listLocalFiles(root, options.exclude);
    const files = await measureFiles(listing, options);
    return { files, ignored: listing.ignored };
}
/**
 * The walk alone: which files the build output has, without reading any, so that a missing or
 * empty build fails before a request is sent. Directory reads are synchronous: a site has a
 * directory per page, and thousands of awaited readdir calls cost more than the reads.
 */
async function listLocalFiles(root, exclude, 
/** Directories read moments before (the build's tree digest), by absolute path: not read again. */
directories) {
    const rootReal = (0,external_node_fs_.realpathSync)(root);
    if (!(0,external_node_fs_.statSync)(rootReal).isDirectory())
        throw new Error(`build output '${root}' is not a directory`);
    const files = [];
    const ignored = [];
    walk(rootReal, rootReal, '', files, ignored, exclude, directories);
    ignored.sort((a, b) => (0,deploy_plan/* compareStrings */.Kt)(a.path, b.path));
    return { root: rootReal.endsWith(external_node_path_.sep) ? rootReal : rootReal + external_node_path_.sep, files, ignored };
}
/** Leaves the event loop to network replies (a listing running meanwhile) this often, in ms. */
const YIELD_EVERY_MS = 8;
/**
 * Measures found files: size and MD5 of the stored bytes, headers and their fingerprint. Files
 * stored as they are and small enough to read whole are read synchronously, in slices that
 * leave the event loop between them, so a listing sent before still makes progress; gzipped and
 * large files go through the streaming path with bounded concurrency, so memory stays bounded.
 */
async function measureFiles(listing, options) {
    const { root } = listing;
    // Files with equal headers share one headers object and its fingerprint: a site has a
    // handful of distinct header sets and tens of thousands of files.
    const shared = new Map();
    const withFingerprint = (headers) => {
        const text = `${headers.contentType}\n${headers.cacheControl}\n${headers.contentEncoding ?? ''}`;
        let entry = shared.get(text);
        if (entry === undefined) {
            entry = { headers, headersHash: headersFingerprint(headers) };
            shared.set(text, entry);
        }
        return entry;
    };
    const files = [];
    const streamed = [];
    let sliceStart = (0,clock/* monotonicClock */.V)();
    for (const found of listing.files) {
        const { relativePath, target } = found;
        const { headers, headersHash } = withFingerprint(options.resolveHeaders(relativePath));
        const known = target === undefined ? options.measured?.get(relativePath) : undefined;
        const measure = headers.contentEncoding === 'gzip' ? undefined : known ? { size: known.size, md5: known.md5, bodySize: known.size, bodyMd5: known.md5 } : (0,file_body/* measurePlainSync */.MQ)(sourcePath(root, relativePath, target));
        if (measure) {
            files.push(new BuildFile(root, relativePath, target, headers, headersHash, measure.size, measure.md5, measure.bodySize, measure.bodyMd5));
        }
        else {
            streamed.push({ found, headers });
        }
        if ((0,clock/* monotonicClock */.V)() - sliceStart > YIELD_EVERY_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            sliceStart = (0,clock/* monotonicClock */.V)();
        }
    }
    const limit = pLimit(options.concurrency ?? concurrency/* DEFAULT_CONCURRENCY */.W);
    files.push(...(await Promise.all(streamed.map(({ found: { relativePath, target }, headers }) => limit(async () => {
        const m = await (0,file_body/* measureBody */.lN)({ absolutePath: sourcePath(root, relativePath, target), gzip: headers.contentEncoding === 'gzip' });
        return new BuildFile(root, relativePath, target, headers, withFingerprint(headers).headersHash, m.size, m.md5, m.bodySize, m.bodyMd5);
    })))));
    files.sort((a, b) => (0,deploy_plan/* compareStrings */.Kt)(a.path, b.path));
    return files;
}
function walk(rootReal, dir, relativeDir, found, ignored, exclude, known) {
    const entries = known?.get(dir) ?? (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    const dirPrefix = dir.endsWith(external_node_path_.sep) ? dir : dir + external_node_path_.sep; // a root of `/` already ends in one
    for (const entry of entries) {
        // Joined with Array.join, not `+` (a rope that, once flattened by the first compare or hash,
        // keeps a 32-byte wrapper beside the flat text for every file of the site), nor path.join
        // (both parts are already normal, and it normalises each time).
        const relativePath = [relativeDir, entry.name].join('');
        if (exclude?.(relativePath)) {
            ignored.push({ path: relativePath, reason: 'excluded' });
            continue;
        }
        if (entry.isDirectory()) {
            walk(rootReal, dirPrefix + entry.name, `${relativePath}/`, found, ignored, exclude, known);
        }
        else if (entry.isFile()) {
            found.push({ relativePath });
        }
        else if (entry.isSymbolicLink()) {
            let target;
            try {
                target = (0,external_node_fs_.realpathSync)(dirPrefix + entry.name);
            }
            catch {
                ignored.push({ path: relativePath, reason: 'broken-symlink' });
                continue;
            }
            if (!target.startsWith(rootReal + external_node_path_.sep)) {
                ignored.push({ path: relativePath, reason: 'symlink-outside-root' });
                continue;
            }
            const targetStat = (0,external_node_fs_.statSync)(target);
            if (targetStat.isFile())
                found.push({ relativePath, target });
            else
                ignored.push({ path: relativePath, reason: targetStat.isDirectory() ? 'symlinked-directory' : 'not-a-file' });
        }
        else {
            ignored.push({ path: relativePath, reason: 'not-a-file' });
        }
    }
}
//# sourceMappingURL=local-tree.js.map
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./lib/deploy/manifest.js




/**
 * Name of the manifest object, under the deploy prefix. It records, per object handoff stored,
 * the ETag it got, its body MD5 and its headers fingerprint, so a redeploy learns all of that
 * from one GET instead of a HEAD per object (ListObjectsV2 returns no metadata). Entries are only
 * trusted while the listed ETag and size still match, so an object changed by anything else is
 * looked at again.
 */
const MANIFEST_NAME = '.handoff-manifest.json.gz';
function parseManifest(bytes) {
    return readManifest(bytes)?.manifest;
}
function readManifest(bytes) {
    if (!bytes || bytes.length === 0)
        return undefined;
    try {
        const json = (0,external_node_zlib_.gunzipSync)(bytes);
        const data = JSON.parse(json.toString('utf8'));
        if (data.version !== 1 || typeof data.entries !== 'object' || data.entries === null)
            return undefined;
        // Checked in place rather than copied: at 10,000 entries a copy is 10,000 more objects for
        // the collector, on every deploy.
        const entries = data.entries;
        let dropped = false;
        for (const path in entries) {
            const entry = entries[path];
            if (typeof entry?.etag !== 'string' ||
                typeof entry.size !== 'number' ||
                typeof entry.md5 !== 'string' ||
                typeof entry.headers !== 'string') {
                delete entries[path];
                dropped = true;
            }
            else if (entry.encryption !== undefined && typeof entry.encryption !== 'string') {
                delete entry.encryption;
                dropped = true;
            }
        }
        const manifest = { version: 1, entries: entries };
        return { manifest, digest: dropped ? digestOf(manifestJsonChunks(sortedEntries(manifest))) : digestOf([json]) };
    }
    catch {
        return undefined;
    }
}
/** Canonical JSON (sorted, fixed field order): equal manifests give equal text, so an unchanged one is not rewritten. */
function manifestJson(manifest) {
    return Buffer.concat([...manifestJsonChunks(sortedEntries(manifest))]).toString('utf8');
}
/** A manifest's entries in canonical order (by path, in code-unit order). */
function* sortedEntries(manifest) {
    const entries = manifest?.entries ?? {};
    for (const path of Object.keys(entries).sort(deploy_plan/* compareStrings */.Kt))
        yield [path, entries[path]];
}
/**
 * The canonical JSON of entries given in path order (as JSON.stringify would give a sorted
 * copy), UTF-8 in fresh chunks of about a megabyte: at 50,000 entries the text is 8-10 MB, and
 * held whole (as strings, or as one buffer beside its gzip input) it was the peak of a deploy's
 * memory. Strings that need no escaping, which is every hex digest and nearly every path, are
 * quoted without JSON.stringify: at 50,000 entries that halved the cost of the text.
 */
function* manifestJsonChunks(entries) {
    const out = new ChunkWriter();
    out.write('{"version":1,"entries":{');
    let separator = '';
    for (const [path, e] of entries) {
        // sizes are finite integers (file sizes, or numbers JSON.parse gave), which String writes as JSON does
        const full = out.write(`${separator}${jsonString(path)}:{"etag":${jsonString(e.etag)},"size":${e.size},"md5":${jsonString(e.md5)},"headers":${jsonString(e.headers)}${e.encryption ? `,"encryption":${jsonString(e.encryption)}` : ''}}`);
        if (full)
            yield full;
        separator = ',';
    }
    const full = out.write('}}');
    if (full)
        yield full;
    yield out.rest();
}
/** Text written as UTF-8 into buffers of JSON_CHUNK_BYTES, each handed out once full and never reused. */
class ChunkWriter {
    chunk = Buffer.allocUnsafe(JSON_CHUNK_BYTES);
    used = 0;
    /** Returns the chunk filled before this text, when the text needed a new one. */
    write(text) {
        // UTF-8 takes at most 3 bytes per UTF-16 code unit: the bound spares measuring every piece
        const most = text.length * 3;
        let full;
        if (this.used + most > this.chunk.length) {
            if (this.used > 0)
                full = this.chunk.subarray(0, this.used);
            this.chunk = Buffer.allocUnsafe(Math.max(JSON_CHUNK_BYTES, most));
            this.used = 0;
        }
        this.used += this.chunk.write(text, this.used);
        return full;
    }
    rest() {
        return this.chunk.subarray(0, this.used);
    }
}
const JSON_CHUNK_BYTES = 1024 * 1024;
/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
function jsonString(text) {
    return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
function digestOf(chunks) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const chunk of chunks)
        hash.update(chunk);
    return hash.digest('hex');
}
/**
 * Level 1: the manifest's JSON (hex digests, repeated fields) compresses nearly as well at the
 * fastest level as at the best, and a deploy that changed anything writes it: at 10,000 entries
 * level 9 took 39 ms of CPU for 299 KB, level 1 8.5 ms for 317 KB.
 */
const MANIFEST_GZIP_LEVEL = 1;
function serializeManifest(manifest) {
    return gzipSync(Buffer.concat([...manifestJsonChunks(sortedEntries(manifest))]), { level: MANIFEST_GZIP_LEVEL });
}
/**
 * The next manifest gzipped, or undefined when its canonical JSON has the digest of the one
 * stored (nothing to write). The JSON is hashed and gzipped chunk by chunk as it is written, so
 * it is never held whole. When a change is not expected (nothing uploaded, deleted or HEADed)
 * it is only hashed, and written again to be gzipped in the rare case it did change: a no-op
 * redeploy compresses nothing.
 */
async function encodeManifestIfChanged(entries, previousDigest, expectChange) {
    if (!expectChange && digestOf(manifestJsonChunks(entries())) === previousDigest)
        return undefined;
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const gzipped = [];
    await (0,promises_.pipeline)(function* () {
        for (const chunk of manifestJsonChunks(entries())) {
            hash.update(chunk);
            yield chunk;
        }
    }, (0,external_node_zlib_.createGzip)({ level: MANIFEST_GZIP_LEVEL }), async (compressed) => {
        for await (const chunk of compressed)
            gzipped.push(chunk);
    });
    return hash.digest('hex') === previousDigest ? undefined : Buffer.concat(gzipped);
}
/**
 * The manifest after a successful sync: uploaded files with their new ETags, skipped files with
 * their listed ones. A skipped file whose stored headers were never confirmed gets no entry,
 * so the manifest never vouches for something unchecked.
 */
function buildManifest(local, remote, uploadedEtags, prefix, 
/** The encryption S3 reported for each upload, by key, where it reported one. */
uploadedEncryption = new Map()) {
    const entries = {};
    for (const [path, entry] of nextManifestEntries(local, remote, uploadedEtags, prefix, uploadedEncryption))
        entries[path] = entry;
    return { version: 1, entries };
}
/**
 * buildManifest's entries one by one, in the order of `local` (sorted by path: canonical
 * order), so a deploy writes them without building the manifest object.
 */
function* nextManifestEntries(local, remote, uploadedEtags, prefix, uploadedEncryption = new Map()) {
    for (const file of local) {
        const key = prefix + file.path;
        let etag;
        let encryption;
        if (uploadedEtags.has(key)) {
            etag = uploadedEtags.get(key);
            encryption = uploadedEncryption.get(key);
        }
        else {
            const object = remote.get(key);
            if (object?.stored?.headersHash === file.headersHash)
                ({ etag, encryption } = object);
        }
        if (!etag)
            continue;
        const entry = { etag, size: file.bodySize, md5: file.bodyMd5, headers: file.headersHash };
        if (encryption && encryption !== 'AES256')
            entry.encryption = encryption;
        yield [file.path, entry];
    }
}
//# sourceMappingURL=manifest.js.map
// EXTERNAL MODULE: ./lib/primitives/prefix.js
var primitives_prefix = __webpack_require__(9767);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
;// CONCATENATED MODULE: ./lib/deploy/young-generation.js


/**
 * Stops V8's young generation from growing past 4 MB a semi-space. A deploy allocates steadily
 * (a request, a response and a file body per object) while tens of thousands of per-file records
 * stay alive, so V8 keeps doubling the two semi-spaces up to their limit of 16 MB each: 32 MB of
 * resident memory that holds almost nothing (the live heap of a 10,000-file deploy is about 13 MB
 * after a full collection). Held smaller, more short-lived objects (requests in flight) outlive
 * two collections and fill the old space instead, which costs CPU. Measured on 10,000 files (peak
 * RSS of a first deploy / 1% edit / no-op, two runs each): 118 / 108 / 98 MB growing freely,
 * 111 / 85 / 82 MB held at 1 MB, 101 / 95 / 90 MB bounded at 4 MB and 102 / 92 / 90 MB at 2 MB,
 * with no more CPU than growing freely (held at 1 MB, the first deploy took 5-15% more).
 * The bound was 2 MB until the deploy's own records shrank (1 December 2026): the check below
 * runs after the collections, and while the walk and the hashing allocated more, the young
 * generation had mostly doubled once more before it, to 4 MB. Once the bound held at 2 MB, a
 * 10,000-file first deploy took 5-8% more CPU (2.40 s against 2.25 s at 4 MB, four runs each,
 * the same peak RSS); edits and no-ops did not change.
 *
 * V8 reads the semi-space limits once, when the heap is made, but its growth factor at every
 * growth: so the factor is left at its default until the young generation reaches the bound
 * (watched after each collection) and then set to 1, which keeps the size it has. A node flag
 * would do it more simply, but the action runner and `npx handoff` give no place for one. It is
 * process-wide, which suits handoff's processes (a CLI run, an action, the MCP server); a
 * young-generation flag the process was started with is left as it is.
 */
function boundYoungGeneration(execArgv = process.execArgv) {
    if (watching || execArgv.some((arg) => /semi[-_]space/.test(arg)))
        return;
    watching = true;
    if (holdIfReached())
        return;
    const observer = new external_node_perf_hooks_.PerformanceObserver(() => {
        if (holdIfReached())
            observer.disconnect();
    });
    observer.observe({ entryTypes: ['gc'] });
}
/** Both semi-spaces: V8 reports the young generation's size as their sum. */
const YOUNG_GENERATION_BOUND_BYTES = 2 * 4 * 1024 * 1024;
let watching = false;
function holdIfReached() {
    const young = (0,external_node_v8_.getHeapSpaceStatistics)().find((space) => space.space_name === 'new_space');
    if (!young || young.space_size < YOUNG_GENERATION_BOUND_BYTES)
        return false;
    (0,external_node_v8_.setFlagsFromString)('--semi-space-growth-factor=1');
    return true;
}
//# sourceMappingURL=young-generation.js.map
;// CONCATENATED MODULE: ./lib/deploy/remote-state.js



/**
 * Adds what the manifest recorded to the listed objects whose ETag and size still match it.
 * Returns new objects; the listing is left as it was.
 *
 * Each new object is built with the same fields in the same order (not spread from the listed
 * one, which gave every object a hidden class of its own: about 250 bytes more per object, 12 MB
 * at 50,000), and equal headers fingerprints share one string, so that once the listing and the
 * manifest are dropped nothing of theirs is held 50,000 times over.
 */
function applyManifest(remote, manifest, prefix) {
    const out = new Map();
    const fingerprints = new Map();
    for (const [key, object] of remote) {
        const entry = manifest?.entries[key.slice(prefix.length)];
        if (key.startsWith(prefix) && entry && entry.etag === object.etag && entry.size === object.size) {
            let headersHash = fingerprints.get(entry.headers);
            if (headersHash === undefined)
                fingerprints.set(entry.headers, (headersHash = entry.headers));
            const applied = { key: object.key, size: object.size, etag: object.etag, stored: { md5: entry.md5, headersHash } };
            const encryption = entry.encryption || object.encryption;
            if (encryption !== undefined)
                applied.encryption = encryption;
            out.set(key, applied);
        }
        else {
            out.set(key, object);
        }
    }
    return out;
}
/**
 * The keys whose listing cannot settle whether to upload: same size as the local file, but the
 * content (ETag not an MD5, nothing stored) or the headers are unknown. Objects of another size
 * are uploaded anyway and cost no HEAD.
 */
function keysNeedingHead(local, remote, options) {
    const keys = [];
    for (const file of local) {
        const key = options.prefix + file.path;
        const object = remote.get(key);
        if (!object || object.size !== file.bodySize)
            continue;
        const md5Known = (0,deploy_plan/* md5FromRemoteEtag */.AD)(object, options.trustEtagMd5) !== undefined || object.stored?.md5 !== undefined;
        const headersKnown = object.stored?.headersHash !== undefined;
        if (!md5Known || (options.verifyHeaders && !headersKnown))
            keys.push(key);
    }
    return keys;
}
/**
 * What a HEAD tells about an object: the MD5 handoff stored in its metadata, and the fingerprint
 * of the headers it is actually served with (read from the response, so objects uploaded by
 * another tool are judged by their real headers too).
 */
function remoteFromHead(key, head, listed) {
    const storedMd5 = head.metadata[META_MD5]?.toLowerCase();
    const object = {
        key,
        size: head.size,
        etag: head.etag,
        stored: { headersHash: headersFingerprint(head.headers) },
    };
    if (head.encryption)
        object.encryption = head.encryption;
    if (storedMd5 && /^[0-9a-f]{32}$/.test(storedMd5))
        object.stored.md5 = storedMd5;
    return object;
}
/** A bucket whose objects handoff saw encrypted with SSE-KMS: its listed ETags are not MD5s either. */
function manifestShowsKms(manifest) {
    const entries = manifest?.entries ?? {};
    for (const path in entries)
        if ((0,deploy_plan/* isKmsEncryption */.v8)(entries[path].encryption))
            return true;
    return false;
}
/** The same objects with their headers unconfirmed, so each is HEADed (`--verify-headers`). */
function forgetStoredHeaders(remote) {
    const out = new Map();
    for (const [key, object] of remote) {
        const stored = object.stored ? { ...object.stored } : undefined;
        if (stored)
            delete stored.headersHash;
        out.set(key, stored ? { ...object, stored } : object);
    }
    return out;
}
//# sourceMappingURL=remote-state.js.map
;// CONCATENATED MODULE: ./lib/deploy/head-pass.js




/**
 * Lists the prefix and, at the same time, reads the manifest. A listing failure is the one
 * reported; a manifest that cannot be read for lack of rights only costs HEADs (a warning).
 */
async function readRemote(store, what, warnings, signal) {
    const { prefix, manifestKey, useManifest } = what;
    const manifestRead = useManifest
        ? store.getBytes(manifestKey, signal).then(readManifest, (error) => {
            if (!isForbidden(error))
                throw error;
            warnings.push(`the deploy manifest cannot be read (${(0,aws_error/* describeAwsError */.Pp)(error).message}: s3:GetObject not allowed?); comparing by ETag alone`);
            return undefined;
        })
        : Promise.resolve(undefined);
    manifestRead.catch(() => { }); // awaited below, after the listing, whose error comes first
    const listed = await store.list(prefix, signal, what.expectedKeys);
    const manifest = await manifestRead;
    listed.delete(manifestKey);
    return { listed, manifest };
}
/**
 * The listing with what the manifest adds, and what is kept of the manifest (its digest, and
 * whether it saw SSE-KMS). The listing and the parsed manifest are not returned, so they are
 * freed once this returns: 50,000 objects and 50,000 entries that were held to the deploy's end.
 */
function settleRemote(read, prefix) {
    const manifest = read.manifest?.manifest;
    return { remote: applyManifest(read.listed, manifest, prefix), manifestDigest: read.manifest?.digest, manifestSaysKms: manifestShowsKms(manifest) };
}
/**
 * A deploy policy may allow listing and writing but not reading objects. Reads only make the
 * comparison sharper, so without them the deploy goes on comparing by listing alone.
 */
function isForbidden(error) {
    return (0,aws_error/* describeAwsError */.Pp)(error).httpStatus === 403;
}
/**
 * The HEAD pass: the listing with what the manifest adds, then a HEAD of each object whose
 * stored headers or checksum the two leave unknown. A HEAD refused for lack of rights is a
 * warning; any other failure throws (the deploy fails in its list phase).
 */
async function learnRemote(read, files, store, options, warnings, signal) {
    const { prefix } = options;
    const { remote, manifestDigest, manifestSaysKms } = settleRemote(read, prefix);
    // S3 told an earlier deploy that this bucket encrypts with SSE-KMS (its default encryption, set
    // outside handoff): no listed ETag here is an MD5.
    const trustEtagMd5 = options.trustEtagMd5 && !manifestSaysKms;
    const toHead = keysNeedingHead(files, options.headEveryObject ? forgetStoredHeaders(remote) : remote, {
        prefix,
        trustEtagMd5,
        verifyHeaders: options.verifyHeaders,
    });
    const limit = pLimit(options.concurrency);
    let headed = 0;
    let forbiddenHeads = 0;
    await Promise.all(toHead.map((key) => limit(async () => {
        try {
            const head = await store.head(key, signal);
            headed++;
            if (head)
                remote.set(key, remoteFromHead(key, head, remote.get(key)));
            else
                remote.delete(key);
        }
        catch (error) {
            if (!isForbidden(error))
                throw error;
            forbiddenHeads++;
        }
    })));
    if (forbiddenHeads > 0) {
        warnings.push(`${forbiddenHeads} objects could not be inspected (HEAD forbidden: s3:GetObject not allowed?); their headers were not compared`);
    }
    return { remote, previousManifestDigest: manifestDigest, headed, trustEtagMd5 };
}
//# sourceMappingURL=head-pass.js.map
;// CONCATENATED MODULE: ./lib/deploy/manifest-write.js


/**
 * Writes the manifest of what the bucket now holds after a deploy that did not fail, when it
 * differs from the one read. A write that fails is a warning: the next deploy HEADs instead.
 */
async function writeManifest(store, state, where, warnings, signal) {
    const { executed } = state;
    const uploadedEtags = new Map(executed.uploaded.map((u) => [u.key, u.etag]));
    const uploadedEncryption = new Map(executed.uploaded.flatMap((u) => (u.encryption ? [[u.key, u.encryption]] : [])));
    // Only what was written, deleted or HEADed can change the manifest in the usual case (an
    // excluded path or a narrowed file set can too, which the digest still catches).
    const expectChange = state.previousManifestDigest === undefined || executed.uploaded.length > 0 || executed.deleted.length > 0 || state.headed > 0;
    try {
        const body = await encodeManifestIfChanged(() => nextManifestEntries(state.files, state.remote, uploadedEtags, where.prefix, uploadedEncryption), state.previousManifestDigest, expectChange);
        if (body)
            await store.putBytes(where.manifestKey, body, 'application/gzip', signal);
    }
    catch (error) {
        warnings.push(`the deploy manifest could not be written (${(0,aws_error/* describeAwsError */.Pp)(error).message}); the next deploy will HEAD objects instead`);
    }
}
//# sourceMappingURL=manifest-write.js.map
;// CONCATENATED MODULE: ./lib/deploy/invalidation-paths.js

const DEFAULT_INVALIDATION_BUDGET = 15;
const DEFAULT_SIBLING_LIMIT = 5;
/**
 * Turns changed object keys into the fewest CloudFront paths that cover them. A page stored as
 * `dir/index.html` is requested as `/dir/` and `/dir`, so both are invalidated; crowded
 * directories and anything past the budget become wildcards. Pure and sorted, so the same change
 * always gives the same request.
 */
function reduceInvalidationPaths(changedKeys, options = {}) {
    const budget = Math.max(1, options.budget ?? DEFAULT_INVALIDATION_BUDGET);
    const siblingLimit = Math.max(1, options.siblingLimit ?? DEFAULT_SIBLING_LIMIT);
    const origin = (options.originPath ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
    const keyPrefix = origin === '' ? '' : `${origin}/`;
    const paths = new Set();
    for (const key of changedKeys) {
        if (!key.startsWith(keyPrefix))
            continue;
        for (const urlPath of urlPathsForKey(key.slice(keyPrefix.length)))
            paths.add(urlPath);
    }
    if (paths.size === 0)
        return [];
    let reduced = collapseAll(paths, crowdedDirectories(paths, siblingLimit));
    while (reduced.size > budget) {
        const best = pickDirectoryToCollapse(reduced);
        if (!best)
            return ['/*'];
        reduced = collapseAll(reduced, [best]);
    }
    return [...reduced].sort(deploy_plan/* compareStrings */.Kt);
}
/** The URL paths a viewer can request an object by. */
function urlPathsForKey(relativeKey) {
    const urlPath = '/' + relativeKey.split('/').map(encodeSegment).join('/');
    if (urlPath === '/index.html')
        return ['/'];
    if (urlPath.endsWith('/index.html')) {
        const dir = urlPath.slice(0, -'index.html'.length);
        return [dir, dir.slice(0, -1)];
    }
    return [urlPath];
}
/**
 * CloudFront wants non-ASCII and RFC 1738 unsafe characters percent-encoded and nothing else; a
 * literal `*` is encoded too, since unencoded it would be read as a wildcard.
 */
function encodeSegment(segment) {
    let out = '';
    for (const char of segment) {
        const code = char.codePointAt(0);
        if (code > 0x20 && code < 0x7f && !' "#%<>[\\]^`{|}*'.includes(char))
            out += char;
        else
            for (const byte of Buffer.from(char, 'utf8'))
                out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
/**
 * The directories (below the root) a path is under, `/a/` and `/a/b/` for `/a/b/c.css`; a
 * directory path counts as under itself, as `/a/b/*` covers `/a/b/`.
 */
function directoriesAbove(urlPath) {
    const dirs = [];
    for (let i = urlPath.indexOf('/', 1); i !== -1; i = urlPath.indexOf('/', i + 1))
        dirs.push(urlPath.slice(0, i + 1));
    return dirs;
}
/**
 * Directories with more than `limit` changed entries, a subdirectory with changes inside
 * counting as one entry, as do `/a/b/` and `/a/b`. The root is left to the budget: a typical
 * post touches the home page, feeds, sitemap and a few sections, and that alone should not
 * flush the whole distribution.
 */
function crowdedDirectories(paths, limit) {
    const entries = new Map();
    for (const urlPath of paths) {
        for (const dir of directoriesAbove(urlPath)) {
            const rest = urlPath.slice(dir.length);
            if (rest === '' || rest === '*')
                continue;
            const name = rest.split('/')[0];
            let names = entries.get(dir);
            if (!names)
                entries.set(dir, (names = new Set()));
            names.add(name);
        }
    }
    return [...entries].filter(([, names]) => names.size > limit).map(([dir]) => dir);
}
/** Replaces every path under each directory (the directory included) with `dir*`. */
function collapseAll(paths, dirs) {
    if (dirs.length === 0)
        return paths;
    const wildcards = new Set(dirs);
    const covered = (urlPath) => directoriesAbove(urlPath).some((dir) => wildcards.has(dir));
    const next = new Set();
    for (const urlPath of paths)
        if (!covered(urlPath))
            next.add(urlPath);
    for (const dir of wildcards) {
        if (!directoriesAbove(dir).some((above) => above !== dir && wildcards.has(above)))
            next.add(`${dir}*`);
    }
    return next;
}
function depth(dir) {
    return dir.split('/').length;
}
/**
 * The directory whose wildcard removes the most paths (ties: the deeper one, which invalidates
 * less collateral, then name order), or undefined when no wildcard below the root helps.
 */
function pickDirectoryToCollapse(paths) {
    const counts = new Map();
    for (const urlPath of paths)
        for (const dir of directoriesAbove(urlPath))
            counts.set(dir, (counts.get(dir) ?? 0) + 1);
    let best;
    for (const [dir, covered] of counts) {
        if (covered < 2)
            continue;
        if (!best ||
            covered > best.covered ||
            (covered === best.covered &&
                (depth(dir) > depth(best.dir) || (depth(dir) === depth(best.dir) && (0,deploy_plan/* compareStrings */.Kt)(dir, best.dir) < 0)))) {
            best = { dir, covered };
        }
    }
    return best?.dir;
}
//# sourceMappingURL=invalidation-paths.js.map
;// CONCATENATED MODULE: ./lib/deploy/deploy-invalidation.js


/**
 * Invalidates in CloudFront the paths of what changed (even after a failure: objects already
 * replaced may be cached stale), or records why it skipped or only planned the invalidation.
 */
async function invalidate(settings, parts, changedKeys, context, state, warnings, signal) {
    const cf = settings.cloudfront ?? {};
    const paths = reduceInvalidationPaths(changedKeys, {
        ...(cf.budget !== undefined ? { budget: cf.budget } : {}),
        ...(cf.siblingLimit !== undefined ? { siblingLimit: cf.siblingLimit } : {}),
        ...(cf.originPath !== undefined ? { originPath: cf.originPath } : {}),
    });
    if (context.planRefused) {
        state.invalidation = { status: 'skipped', id: null, paths: [], reason: 'the deploy was refused; nothing changed' };
        return;
    }
    if (settings.distributionId === null) {
        state.invalidation = { status: 'skipped', id: null, paths, reason: 'no CloudFront distribution configured' };
        return;
    }
    if (paths.length === 0) {
        state.invalidation = { status: 'skipped', id: null, paths, reason: 'nothing changed' };
        return;
    }
    const { invalidator, close } = await parts.openInvalidator();
    try {
        const outcome = await invalidator.invalidate({
            distributionId: settings.distributionId,
            paths,
            wait: cf.wait ?? false,
            ...(cf.waitTimeoutSeconds !== undefined ? { waitTimeoutMs: cf.waitTimeoutSeconds * 1000 } : {}),
        }, signal);
        if (outcome.planned) {
            state.invalidation = { status: 'planned', id: null, paths: outcome.paths, reason: outcome.planned.reason };
            return;
        }
        state.invalidation = { status: outcome.completed ? 'completed' : 'created', id: outcome.id, paths: outcome.paths };
        if (cf.wait && !outcome.completed) {
            warnings.push(`invalidation ${outcome.id} was still ${outcome.status} when the wait timed out`);
        }
    }
    catch (error) {
        state.invalidation = { status: 'failed', id: null, paths };
        const described = (0,aws_error/* describeAwsError */.Pp)(error);
        if (state.failure)
            warnings.push(`invalidation failed too: ${described.message}`);
        else
            state.failure = { phase: 'invalidate', ...described };
    }
    finally {
        close?.();
    }
}
/** The injected invalidator, or CloudFront through the SDK, which loads only when an invalidation is really sent: most deploys never need it. */
async function openInvalidator(cf, deps) {
    if (deps.invalidator)
        return { invalidator: deps.invalidator };
    const cloudfront = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(169), __webpack_require__.e(80)]).then(__webpack_require__.bind(__webpack_require__, 4080));
    const client = cloudfront.createCloudFrontClient(cf.endpoint);
    return {
        invalidator: cloudfront.createCloudFrontInvalidator({ client, ...(deps.sleep ? { sleep: deps.sleep } : {}) }),
        close: () => client.destroy(),
    };
}
//# sourceMappingURL=deploy-invalidation.js.map
;// CONCATENATED MODULE: ./lib/deploy/deploy-report.js

/** The deploy's report from its state, whether it got to the end or stopped at a failure. */
function buildReport(settings, state, context) {
    const uploaded = state.executed?.uploaded.length ?? 0;
    const deleted = state.executed?.deleted.length ?? 0;
    const skipped = state.plan?.skipped ?? 0;
    const durationSeconds = Math.round(context.durationMs) / 1000;
    const outputs = {
        deployment_success: !state.failure,
        uploaded_files: uploaded,
        skipped_files: skipped,
        deleted_files: deleted,
        bytes_uploaded: state.executed?.bytesUploaded ?? 0,
        invalidation_id: state.invalidation.id,
        invalidation_paths: state.invalidation.paths,
        http_status: state.liveCheck?.[0]?.http_status ?? null,
        url: settings.url,
        duration_seconds: durationSeconds,
    };
    const total = state.files.length + (state.plan?.deletes.length ?? 0);
    const changed = uploaded + deleted;
    const share = total === 0 ? 0 : (changed / total) * 100;
    const shareText = changed > 0 && share < 1 ? '<1%' : `${Math.round(share)}%`;
    const counts = context.dryRun
        ? `would upload ${uploaded}, skip ${skipped}, delete ${deleted} (${shareText} changed)`
        : `uploaded ${uploaded}, skipped ${skipped}, deleted ${deleted} (${shareText} changed)`;
    const time = `in ${durationSeconds.toFixed(1)} s`;
    const summary = state.failure
        ? `${context.dryRun ? 'dry run ' : 'deploy '}failed in ${state.failure.phase}: ${state.failure.message} (${counts} ${time})`
        : `${context.dryRun ? 'dry run: ' : ''}${counts} ${time}`;
    const report = {
        outputs,
        summary,
        dryRun: context.dryRun,
        plan: state.plan ? (0,deploy_plan/* summarizePlan */.PN)(state.plan, state.originsOf) : null,
        invalidation: state.invalidation,
        liveCheck: state.liveCheck,
        ignored: state.ignored,
        warnings: context.warnings,
    };
    if (state.failure)
        report.failure = state.failure;
    return report;
}
//# sourceMappingURL=deploy-report.js.map
;// CONCATENATED MODULE: ./lib/deploy/deploy.js
// The deploy pipeline in order: listing and walk overlapped, the HEAD pass (head-pass.ts), plan,
// uploads and deletes, the manifest write (manifest-write.ts), the invalidation
// (deploy-invalidation.ts), the live check and the report (deploy-report.ts).


















/**
 * Deploys a build output to S3: walk, list, plan, upload and delete, invalidate CloudFront,
 * check the live URL. Returns a report whether it succeeded or not; only a programming error
 * throws. A dry run takes the same path through parts that record writes and plan the
 * invalidation (dry-run.ts) and skips the live check.
 */
async function deploySite(settings, deps = {}) {
    boundYoungGeneration();
    const now = deps.now ?? clock/* monotonicClock */.V;
    const started = now();
    const dryRun = settings.dryRun ?? false;
    const { concurrency } = settings;
    const useManifest = settings.manifest ?? true;
    const trustEtagMd5 = settings.serverSideEncryption !== 'aws:kms';
    const warnings = [];
    const state = { files: [], ignored: [], invalidation: { status: 'skipped', id: null, paths: [] }, liveCheck: null };
    const finish = () => buildReport(settings, state, { dryRun, warnings, durationMs: now() - started });
    const fail = (phase, error, key) => {
        state.failure = { phase, ...(0,aws_error/* describeAwsError */.Pp)(error), ...(key ? { key } : {}) };
    };
    let prefix;
    let isExcluded;
    let isSiteSkipped;
    let headerRules;
    try {
        prefix = (0,primitives_prefix/* normalizePrefix */.i)(settings.prefix);
        const site = await compileSiteDeployment(settings.siteDeployment);
        const excludeMatchers = (settings.exclude ?? []).map(glob/* compileGlob */.S);
        const { include, exclude } = site;
        isExcluded = (relativePath) => excludeMatchers.some((matches) => matches(relativePath));
        // Matched against files only, as hugo deploy does: an include of `**.html` must not skip the folders holding them.
        if (include || exclude)
            isSiteSkipped = (relativePath) => (include !== undefined && !include(relativePath)) || (exclude?.(relativePath) ?? false);
        headerRules = createHeaderRules({ handoff: settings.headerRules ?? [], site: settings.siteDeployment?.matchers ?? [] }, site.compilePattern);
    }
    catch (error) {
        state.failure = { phase: 'config', name: 'InvalidSettings', code: 'InvalidSettings', message: (0,aws_error/* describeAwsError */.Pp)(error).message };
        return finish();
    }
    const manifestKey = prefix + MANIFEST_NAME;
    const keep = (relativePath) => relativePath === MANIFEST_NAME || isExcluded(relativePath) || (isSiteSkipped?.(relativePath) ?? false);
    // Nothing is sent for a build output that is missing or empty at its top; otherwise the
    // listing and the manifest are requested first, and the walk and the hashing overlap them:
    // neither needs the other, and on a redeploy the remote read is most of the time.
    try {
        if (!hasEntries(settings.sourceDir)) {
            state.failure = emptyBuild(settings.sourceDir, prefix);
            return finish();
        }
    }
    catch (error) {
        fail('walk', error);
        return finish();
    }
    const ownClient = deps.store ? undefined : createS3Client(settings.s3, { maxInFlight: concurrency });
    try {
        const realStore = deps.store ?? createS3Store(ownClient, storeOptions(settings));
        // The one place a dry run differs: its parts record or plan instead of writing.
        const parts = dryRun
            ? { store: createDryRunStore(realStore), openInvalidator: async () => ({ invalidator: createDryRunInvalidator() }), liveUrl: null }
            : { store: realStore, openInvalidator: () => openInvalidator(settings.cloudfront ?? {}, deps), liveUrl: settings.url };
        const { store } = parts;
        // The walk tells a parallel listing where to cut its later pages (list-ranges.ts); a failed walk tells it nothing.
        let expectKeys = () => { };
        const expectedKeys = settings.parallelListing ? new Promise((resolve) => (expectKeys = resolve)) : undefined;
        let remoteRead = readRemote(store, { prefix, manifestKey, useManifest, expectedKeys }, warnings, deps.signal);
        remoteRead.catch(() => { }); // awaited in sync(); a local failure first must not leave it unhandled
        try {
            const found = await listLocalFiles(settings.sourceDir, isExcluded, deps.measured?.directories).catch((error) => {
                expectKeys([]);
                throw error;
            });
            if (isSiteSkipped)
                skipFiles(found, isSiteSkipped);
            expectKeys(found.files.map((file) => prefix + file.relativePath));
            state.ignored = found.ignored;
            if (found.files.length === 0) {
                state.failure = emptyBuild(settings.sourceDir, prefix);
                return finish();
            }
            state.files = await measureFiles(found, { resolveHeaders: headerRules.headersFor, concurrency, ...(deps.measured ? { measured: deps.measured.files } : {}) });
            found.files = []; // the walk's records, one object per file, are not needed past here (their paths are shared)
            deps.onProgress?.({ phase: 'scan', filesDone: state.files.length, filesTotal: state.files.length, bytesDone: 0, bytesTotal: 0 });
        }
        catch (error) {
            fail('walk', error);
            return finish();
        }
        return await sync(settings, deps, state, warnings, {
            parts,
            // Handed over, not shared: this frame lives as long as the deploy, and a reference kept
            // here would keep the listing and the parsed manifest alive to the end.
            takeRemoteRead: () => {
                const read = remoteRead;
                remoteRead = undefined;
                return read;
            },
            prefix,
            concurrency,
            useManifest,
            manifestKey,
            trustEtagMd5,
            keep,
            headerRules,
            finish,
            fail,
        });
    }
    finally {
        ownClient?.destroy();
    }
}
/**
 * The site's patterns compiled (RE2JS loaded only when there are any). A pattern that does not
 * compile throws: hugo/site-deployment.ts refused it at load already, so only a settings object
 * made some other way gets here with one.
 */
async function compileSiteDeployment(site) {
    if (!site || (site.matchers.length === 0 && !site.include && !site.exclude))
        return {};
    const patterns = await (await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 1444))).loadHugoPatterns();
    const orThrow = (compiled, source) => {
        if (!compiled.ok)
            throw new Error(`${source}: expected ${compiled.expected}; found ${compiled.found}`);
        return compiled.test;
    };
    return {
        ...(site.include ? { include: orThrow(patterns.glob(site.include.glob), site.include.source) } : {}),
        ...(site.exclude ? { exclude: orThrow(patterns.glob(site.exclude.glob), site.exclude.source) } : {}),
        compilePattern: (rule) => (rule.syntax === 'go-regexp' ? orThrow(patterns.regexp(rule.pattern), rule.source ?? rule.pattern) : (0,glob/* compileGlob */.S)(rule.pattern)),
    };
}
/** Moves the files `skip` names from the listing to its ignored entries (as excluded). */
function skipFiles(listing, skip) {
    const kept = listing.files.filter((file) => {
        if (!skip(file.relativePath))
            return true;
        listing.ignored.push({ path: file.relativePath, reason: 'excluded' });
        return false;
    });
    if (kept.length === listing.files.length)
        return;
    listing.files = kept;
    listing.ignored.sort((a, b) => (0,deploy_plan/* compareStrings */.Kt)(a.path, b.path));
}
/** Whether the build output is a directory with anything in it; throws as readdir does (ENOENT). */
function hasEntries(sourceDir) {
    const dir = (0,external_node_fs_.opendirSync)(sourceDir);
    try {
        return dir.readSync() !== null;
    }
    finally {
        dir.closeSync();
    }
}
function emptyBuild(sourceDir, prefix) {
    return {
        phase: 'walk',
        name: 'EmptyBuild',
        code: 'EmptyBuild',
        message: `build output '${sourceDir}' has no files; refusing to deploy, which would delete every object under '${prefix}'`,
    };
}
async function sync(settings, deps, state, warnings, context) {
    const { parts, prefix, concurrency, useManifest, manifestKey, keep, finish, fail } = context;
    state.originsOf = context.headerRules.originsOf;
    const { store } = parts;
    const signal = deps.signal;
    // list, then learn what the listing cannot say from the manifest and, for the rest, HEAD
    let learnt;
    try {
        learnt = await learnRemote(await context.takeRemoteRead(), state.files, store, { prefix, trustEtagMd5: context.trustEtagMd5, verifyHeaders: settings.verifyHeaders ?? true, headEveryObject: settings.headEveryObject ?? false, concurrency }, warnings, signal);
    }
    catch (error) {
        fail('list', error);
        return finish();
    }
    const { remote, trustEtagMd5 } = learnt;
    // plan and execute
    const plan = (0,deploy_plan/* planSync */.R4)(state.files, remote, { prefix, maxDeletes: settings.maxDeletes, trustEtagMd5, keep, forced: context.headerRules.forced });
    state.plan = plan;
    const executed = await executePlan(plan, store, { concurrency, signal, onProgress: deps.onProgress });
    state.executed = executed;
    if (executed.failure) {
        state.failure = {
            phase: executed.failure.phase,
            ...executed.failure.error,
            ...(executed.failure.key ? { key: executed.failure.key } : {}),
        };
    }
    if (!state.failure && useManifest) {
        await writeManifest(store, { files: state.files, remote, executed, headed: learnt.headed, previousManifestDigest: learnt.previousManifestDigest }, { prefix, manifestKey }, warnings, signal);
    }
    // invalidate what changed: even after a failure, objects already replaced may be cached stale
    const changedKeys = [...executed.uploaded.map((u) => u.key), ...executed.deleted];
    await invalidate(settings, parts, changedKeys, { planRefused: !!plan.tooManyDeletes }, state, warnings, deps.signal);
    // live check
    if (parts.liveUrl && !state.failure) {
        state.liveCheck = await checkSite(parts.liveUrl, settings.liveCheck?.paths ?? [], {
            ...(settings.liveCheck?.timeoutMs ? { timeoutMs: settings.liveCheck.timeoutMs } : {}),
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
        const bad = state.liveCheck.find((result) => !isLive(result));
        if (bad) {
            state.failure = bad.error
                ? { phase: 'live-check', ...bad.error, message: `GET ${bad.url} failed: ${bad.error.message}` }
                : {
                    phase: 'live-check',
                    name: 'LiveCheckFailed',
                    code: `HTTP${bad.http_status}`,
                    httpStatus: bad.http_status ?? undefined,
                    message: `GET ${bad.url} returned HTTP ${bad.http_status}`,
                };
        }
    }
    return finish();
}
function storeOptions(settings) {
    return {
        bucket: settings.bucket,
        ...(settings.multipartThreshold !== undefined ? { multipartThreshold: settings.multipartThreshold } : {}),
        ...(settings.serverSideEncryption ? { serverSideEncryption: settings.serverSideEncryption } : {}),
    };
}
//# sourceMappingURL=deploy.js.map

/***/ })

};
