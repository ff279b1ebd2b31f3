export const id = 829;
export const ids = [829];
export const modules = {

/***/ 9210:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openPreviewStore: () => (/* binding */ openPreviewStore)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./lib/deploy/aws-error.js
var aws_error = __webpack_require__(3445);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./lib/deploy/file-body.js







const gzipBuffer = (0,external_node_util_.promisify)(external_node_zlib_.gzip);
/**
 * Files up to this size are read whole: one read is several times faster than a stream for the
 * small files a site is mostly made of. Larger ones are streamed, so memory stays bounded.
 */
const READ_WHOLE_LIMIT = 4 * 1024 * 1024;
/** Byte 9 of a gzip header names the OS; zlib writes its build's own, so it is pinned to Unix. */
const GZIP_OS_UNIX = 3;
/**
 * The gzip transforms for a stored body: level 9, mtime 0 (zlib's default in Node) and the OS
 * byte pinned, so the same input gives the same bytes on every machine and an unchanged gzipped
 * file keeps its MD5 and is skipped. Another zlib build could still compress differently; that
 * costs one re-upload of the gzipped files, never a wrong skip, because the MD5 compared is that
 * of the stored bytes.
 */
function deterministicGzip() {
    let offset = 0;
    const pinHeader = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            if (offset <= 9 && offset + chunk.length > 9) {
                chunk = Buffer.from(chunk);
                chunk[9 - offset] = GZIP_OS_UNIX;
            }
            offset += chunk.length;
            callback(null, chunk);
        },
    });
    return [(0,external_node_zlib_.createGzip)({ level: external_node_zlib_.constants.Z_BEST_COMPRESSION }), pinHeader];
}
async function gzipWhole(content) {
    const out = await gzipBuffer(content, { level: external_node_zlib_.constants.Z_BEST_COMPRESSION });
    if (out.length > 9)
        out[9] = GZIP_OS_UNIX;
    return out;
}
/** A stream of the stored bytes, for multipart uploads of files too big to hold in memory. */
function openBody(source) {
    const file = (0,external_node_fs_.createReadStream)(source.absolutePath);
    if (!source.gzip)
        return file;
    const [gzip, pin] = deterministicGzip();
    return (0,external_node_stream_.pipeline)(file, gzip, pin, () => { });
}
/**
 * The stored bytes in memory, for single-request uploads: a Buffer body lets the SDK resend it
 * when it retries a throttled or reset request, which a consumed stream would not.
 */
async function readBody(source) {
    if (!source.gzip) {
        // Small files synchronously, as in measurePlainSync: for a site's many small files the
        // promise-based read cost more main-thread time than the upload itself.
        if ((0,external_node_fs_.statSync)(source.absolutePath).size <= READ_WHOLE_LIMIT)
            return (0,external_node_fs_.readFileSync)(source.absolutePath);
        return (0,promises_.readFile)(source.absolutePath);
    }
    if ((await (0,promises_.stat)(source.absolutePath)).size <= READ_WHOLE_LIMIT)
        return gzipWhole(await (0,promises_.readFile)(source.absolutePath));
    const chunks = [];
    await (0,external_node_stream_promises_.pipeline)([
        (0,external_node_fs_.createReadStream)(source.absolutePath),
        ...deterministicGzip(),
        new external_node_stream_.Writable({
            write(chunk, _encoding, callback) {
                chunks.push(chunk);
                callback();
            },
        }),
    ]);
    return Buffer.concat(chunks);
}
/**
 * Size and MD5 of a file stored as it is (not gzipped), read whole and synchronously, or
 * undefined when it is too big to read whole (measureBody streams those). Most of a site is
 * small files that the page cache holds: one synchronous read each is several times faster than
 * the promise-based open, stat, read and close, whose thread-pool round trips dominate.
 */
function measurePlainSync(absolutePath) {
    if (statSync(absolutePath).size > READ_WHOLE_LIMIT)
        return undefined;
    const content = readFileSync(absolutePath);
    const md5 = createHash('md5').update(content).digest('hex');
    return { size: content.length, md5, bodySize: content.length, bodyMd5: md5 };
}
/** Size and MD5 of the file and of its stored body, in one streaming read. */
async function measureBody(source) {
    if ((await stat(source.absolutePath)).size <= READ_WHOLE_LIMIT) {
        const content = await readFile(source.absolutePath);
        const md5 = createHash('md5').update(content).digest('hex');
        if (!source.gzip)
            return { size: content.length, md5, bodySize: content.length, bodyMd5: md5 };
        const body = await gzipWhole(content);
        return { size: content.length, md5, bodySize: body.length, bodyMd5: createHash('md5').update(body).digest('hex') };
    }
    const sourceHash = createHash('md5');
    let size = 0;
    const tapSource = new Transform({
        transform(chunk, _encoding, callback) {
            sourceHash.update(chunk);
            size += chunk.length;
            callback(null, source.gzip ? chunk : undefined);
        },
    });
    if (!source.gzip) {
        await pipeline(createReadStream(source.absolutePath), tapSource, sink());
        const md5 = sourceHash.digest('hex');
        return { size, md5, bodySize: size, bodyMd5: md5 };
    }
    const bodyHash = createHash('md5');
    let bodySize = 0;
    await pipeline([
        createReadStream(source.absolutePath),
        tapSource,
        ...deterministicGzip(),
        new Writable({
            write(chunk, _encoding, callback) {
                bodyHash.update(chunk);
                bodySize += chunk.length;
                callback();
            },
        }),
    ]);
    return { size, md5: sourceHash.digest('hex'), bodySize, bodyMd5: bodyHash.digest('hex') };
}
function sink() {
    return new Writable({
        write(_chunk, _encoding, callback) {
            callback();
        },
    });
}
//# sourceMappingURL=file-body.js.map
;// CONCATENATED MODULE: ./lib/deploy/s3-store.js



/** Object metadata handoff writes on upload (S3 sends it as `x-amz-meta-handoff-md5` etc.). */
const META_MD5 = 'handoff-md5';
const META_HEADERS = 'handoff-headers';
const DEFAULT_MAX_ATTEMPTS = 5;
/**
 * An S3 client whose credentials come only from the SDK's default chain (environment, profile,
 * SSO, instance role): never from task or config files, which an agent writes and a repository
 * keeps.
 */
function createS3Client(settings) {
    const checksums = settings.requestChecksumCalculation ?? (settings.endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED');
    return new dist_cjs.S3Client({
        region: settings.region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        forcePathStyle: settings.forcePathStyle ?? false,
        requestChecksumCalculation: checksums,
        responseChecksumValidation: checksums,
        maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    });
}
const DEFAULT_MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const MIN_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
const DELETE_BATCH = 1000;
function createS3Store(client, options) {
    const { bucket } = options;
    const threshold = options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD;
    const sse = options.serverSideEncryption ? { ServerSideEncryption: options.serverSideEncryption } : {};
    return {
        async list(prefix, signal) {
            const objects = new Map();
            const pages = (0,dist_cjs.paginateListObjectsV2)({ client, ...(options.listPageSize ? { pageSize: options.listPageSize } : {}) }, { Bucket: bucket, Prefix: prefix });
            for await (const page of pages) {
                signal?.throwIfAborted();
                for (const item of page.Contents ?? []) {
                    if (item.Key === undefined)
                        continue;
                    const object = { key: item.Key, size: item.Size ?? 0, etag: item.ETag ?? '' };
                    if (item.LastModified)
                        object.lastModified = item.LastModified;
                    objects.set(item.Key, object);
                }
            }
            return objects;
        },
        async head(key, signal) {
            try {
                const out = await client.send(new dist_cjs.HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
                const headers = { contentType: out.ContentType ?? '', cacheControl: out.CacheControl ?? '' };
                if (out.ContentEncoding)
                    headers.contentEncoding = out.ContentEncoding;
                return { size: out.ContentLength ?? 0, etag: out.ETag ?? '', headers, metadata: out.Metadata ?? {}, ...(out.ServerSideEncryption ? { encryption: out.ServerSideEncryption } : {}) };
            }
            catch (error) {
                if (error instanceof dist_cjs.NotFound || error instanceof dist_cjs.NoSuchKey)
                    return undefined;
                if (error.$metadata?.httpStatusCode === 404)
                    return undefined;
                throw error;
            }
        },
        async put(key, file, signal) {
            const gzip = file.headers.contentEncoding === 'gzip';
            const params = {
                Bucket: bucket,
                Key: key,
                ContentType: file.headers.contentType,
                CacheControl: file.headers.cacheControl,
                ...(gzip ? { ContentEncoding: 'gzip' } : {}),
                Metadata: { [META_MD5]: file.bodyMd5, [META_HEADERS]: file.headersHash },
                ...sse,
            };
            if (file.bodySize <= threshold) {
                const body = await readBody({ absolutePath: file.absolutePath, gzip });
                const out = await client.send(new dist_cjs.PutObjectCommand({
                    ...params,
                    Body: body,
                    ContentLength: body.length,
                    ContentMD5: Buffer.from(file.bodyMd5, 'hex').toString('base64'),
                }), { abortSignal: signal });
                return putAnswer(out);
            }
            // lib-storage loads only for the rare file above the multipart threshold
            const { Upload } = await __webpack_require__.e(/* import() */ 358).then(__webpack_require__.t.bind(__webpack_require__, 2358, 19));
            const upload = new Upload({
                client,
                params: { ...params, Body: openBody({ absolutePath: file.absolutePath, gzip }) },
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
            for (let start = 0; start < keys.length; start += DELETE_BATCH) {
                const batch = keys.slice(start, start + DELETE_BATCH);
                const out = await client.send(new dist_cjs.DeleteObjectsCommand({
                    Bucket: bucket,
                    Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
                }), { abortSignal: signal });
                const failed = new Set();
                for (const item of out.Errors ?? []) {
                    const key = item.Key ?? '';
                    failed.add(key);
                    const error = { message: item.Message ?? item.Code ?? 'delete failed', name: item.Code ?? 'Error' };
                    if (item.Code)
                        error.code = item.Code;
                    result.errors.push({ key, error });
                }
                for (const key of batch)
                    if (!failed.has(key))
                        result.deleted.push(key);
            }
            return result;
        },
        async getBytes(key, signal) {
            try {
                const out = await client.send(new dist_cjs.GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
                if (!out.Body)
                    return Buffer.alloc(0);
                return Buffer.from(await out.Body.transformToByteArray());
            }
            catch (error) {
                if (error instanceof dist_cjs.NoSuchKey || (0,aws_error/* describeAwsError */.P)(error).httpStatus === 404)
                    return undefined;
                throw error;
            }
        },
        async putBytes(key, body, contentType, signal) {
            await client.send(new dist_cjs.PutObjectCommand({
                Bucket: bucket,
                Key: key,
                Body: body,
                ContentType: contentType,
                CacheControl: 'no-store',
                ...sse,
            }), { abortSignal: signal });
        },
    };
}
/** What a PUT (or completed multipart upload) answer says about the stored object. */
function putAnswer(out) {
    return { ...(out.ETag ? { etag: out.ETag } : {}), ...(out.ServerSideEncryption ? { encryption: out.ServerSideEncryption } : {}) };
}
//# sourceMappingURL=s3-store.js.map
;// CONCATENATED MODULE: ./lib/preview/preview-store.js

/**
 * The dev bucket as the removal and the sweep see it. `endpoint` (act, tests) wins over
 * environments.dev.s3_endpoint; S3-compatible servers get path-style addressing and only the
 * checksums they require, as a deploy to them does.
 */
function openPreviewStore(settings, endpointOverride) {
    const endpoint = endpointOverride ?? settings.s3Endpoint ?? undefined;
    const client = createS3Client({
        region: settings.region,
        ...(endpoint ? { endpoint } : {}),
        forcePathStyle: settings.forcePathStyle ?? Boolean(endpoint),
        requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    });
    return { store: createS3Store(client, { bucket: settings.bucket }), close: () => client.destroy() };
}
//# sourceMappingURL=preview-store.js.map

/***/ })

};
