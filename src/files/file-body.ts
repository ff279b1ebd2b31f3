import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { pipeline as pipelineCallback, Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzip as gzipCallback, constants as zlibConstants } from 'node:zlib';

const gzipBuffer = promisify(gzipCallback);

/**
 * Files up to this size are read whole: one read is several times faster than a stream for the
 * small files a site is mostly made of. Larger ones are streamed, so memory stays bounded.
 */
const READ_WHOLE_LIMIT = 4 * 1024 * 1024;

/** Where the bytes stored for a file come from: its content, gzipped when its rule says so. */
export interface BodySource {
  absolutePath: string;
  gzip: boolean;
}

export interface BodyMeasure {
  size: number;
  md5: string;
  bodySize: number;
  bodyMd5: string;
}

/** Byte 9 of a gzip header names the OS; zlib writes its build's own, so it is pinned to Unix. */
const GZIP_OS_UNIX = 3;

/**
 * The gzip transforms for a stored body: level 9, mtime 0 (zlib's default in Node) and the OS
 * byte pinned, so the same input gives the same bytes on every machine and an unchanged gzipped
 * file keeps its MD5 and is skipped. Another zlib build could still compress differently; that
 * costs one re-upload of the gzipped files, never a wrong skip, because the MD5 compared is that
 * of the stored bytes.
 */
function deterministicGzip(): Transform[] {
  let offset = 0;
  const pinHeader = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (offset <= 9 && offset + chunk.length > 9) {
        chunk = Buffer.from(chunk);
        chunk[9 - offset] = GZIP_OS_UNIX;
      }
      offset += chunk.length;
      callback(null, chunk);
    },
  });
  return [createGzip({ level: zlibConstants.Z_BEST_COMPRESSION }), pinHeader];
}

async function gzipWhole(content: Buffer): Promise<Buffer> {
  const out = await gzipBuffer(content, { level: zlibConstants.Z_BEST_COMPRESSION });
  if (out.length > 9) out[9] = GZIP_OS_UNIX;
  return out;
}

/** A stream of the stored bytes, for multipart uploads of files too big to hold in memory. */
export function openBody(source: BodySource): Readable {
  const file = createReadStream(source.absolutePath);
  if (!source.gzip) return file;
  const [gzip, pin] = deterministicGzip() as [Transform, Transform];
  return pipelineCallback(file, gzip, pin, () => {});
}

/**
 * Buffers for file bodies, handed back after use: a deploy reads every file to hash it and every
 * changed file again to send it, and one new Buffer per read left tens of megabytes of dead
 * bodies outside the JS heap between collections (peak RSS grew with the site).
 */
class BodyBuffers {
  private readonly free: Buffer[] = [];
  private freeBytes = 0;
  /**
   * A buffer of at least `size` bytes: a free one when there is (uploads go largest first, so
   * the buffers of the big files serve the small ones after them), else a new one.
   */
  take(size: number): Buffer {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const buffer = this.free[i]!;
      if (buffer.length < size) continue;
      this.free.splice(i, 1);
      this.freeBytes -= buffer.length;
      return buffer;
    }
    return Buffer.allocUnsafeSlow(Math.max(MIN_BODY_BUFFER, Math.ceil(size / 4096) * 4096));
  }
  give(buffer: Buffer): void {
    if (this.freeBytes + buffer.length > MAX_FREE_BODY_BYTES) return; // left to the collector
    this.free.push(buffer);
    this.freeBytes += buffer.length;
  }
}
const MIN_BODY_BUFFER = 16 * 1024;
/** What the pool keeps for later: enough for a wide pool of pages and images, not for every file. */
const MAX_FREE_BODY_BYTES = 8 * 1024 * 1024;
const bodyBuffers = new BodyBuffers();

/**
 * Reads a whole file, at most READ_WHOLE_LIMIT bytes, into a buffer from the pool; undefined when
 * it is larger. The first read goes into a buffer of the pool's smallest size (or a larger free
 * one) without asking the size first: most of a site's files fit, and a read that stops short is
 * a regular file's end, so they take an open, one read and a close. Only a file that fills it is
 * measured (fstat) and read on into a buffer of its size.
 */
function readWholeSync(absolutePath: string): { buffer: Buffer; content: Buffer } | undefined {
  const fd = openSync(absolutePath, 'r');
  try {
    let buffer = bodyBuffers.take(MIN_BODY_BUFFER);
    let length = readSync(fd, buffer, 0, buffer.length, null);
    if (length < buffer.length) return { buffer, content: buffer.subarray(0, length) };
    const size = fstatSync(fd).size;
    if (size > READ_WHOLE_LIMIT) {
      bodyBuffers.give(buffer);
      return undefined;
    }
    const larger = bodyBuffers.take(size + 1); // one byte more than the size, to see the end
    buffer.copy(larger, 0, 0, length);
    bodyBuffers.give(buffer);
    buffer = larger;
    // Read to the end, not to the size: a file that grew since the stat is still read whole.
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) {
      length += n;
      if (length < buffer.length) break;
    }
    if (length === buffer.length) {
      bodyBuffers.give(buffer);
      return undefined;
    }
    return { buffer, content: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

/**
 * MD5 in one call where node has it (20.12 and later): a site's small files do not need a Hash
 * object each, which measured 15-20% of the hashing's CPU on 2,600 files of 3-8 kB. Looked up on
 * the namespace, since a named import of it would not even load on an older node 20. The one way
 * the deploy takes the MD5 of bytes it holds.
 */
export const md5Hex: (data: Buffer) => string =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('md5', data, 'hex') : (data) => createHash('md5').update(data).digest('hex');

/** A body to send, and what to do with its memory once the request is over. */
export interface LoadedBody {
  content: Buffer;
  /** Hands a pooled buffer back; call only when nothing will read `content` again. */
  release(): void;
}

/**
 * The stored bytes in memory, for single-request uploads: a Buffer body lets the request be
 * resent when a throttled or reset request is retried, which a consumed stream would not.
 */
export async function loadBody(source: BodySource): Promise<LoadedBody> {
  if (!source.gzip) {
    // Small files synchronously, as in measurePlainSync: for a site's many small files the
    // promise-based read cost more main-thread time than the upload itself.
    const whole = readWholeSync(source.absolutePath);
    if (whole) return { content: whole.content, release: () => bodyBuffers.give(whole.buffer) };
    return { content: await readFile(source.absolutePath), release: () => {} };
  }
  return { content: await readBody(source), release: () => {} };
}

/** The stored bytes of a file, in a buffer of their own. */
export async function readBody(source: BodySource): Promise<Buffer> {
  if (!source.gzip) return readFile(source.absolutePath);
  if ((await stat(source.absolutePath)).size <= READ_WHOLE_LIMIT) return gzipWhole(await readFile(source.absolutePath));
  const chunks: Buffer[] = [];
  await pipeline([
    createReadStream(source.absolutePath),
    ...deterministicGzip(),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
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
export function measurePlainSync(absolutePath: string): BodyMeasure | undefined {
  const whole = readWholeSync(absolutePath);
  if (!whole) return undefined;
  const md5 = md5Hex(whole.content);
  bodyBuffers.give(whole.buffer);
  return { size: whole.content.length, md5, bodySize: whole.content.length, bodyMd5: md5 };
}

/** Size and MD5 of the file and of its stored body, in one streaming read. */
export async function measureBody(source: BodySource): Promise<BodyMeasure> {
  if ((await stat(source.absolutePath)).size <= READ_WHOLE_LIMIT) {
    const content = await readFile(source.absolutePath);
    const md5 = md5Hex(content);
    if (!source.gzip) return { size: content.length, md5, bodySize: content.length, bodyMd5: md5 };
    const body = await gzipWhole(content);
    return { size: content.length, md5, bodySize: body.length, bodyMd5: md5Hex(body) };
  }
  const sourceHash = createHash('md5');
  let size = 0;
  const tapSource = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
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
      write(chunk: Buffer, _encoding, callback) {
        bodyHash.update(chunk);
        bodySize += chunk.length;
        callback();
      },
    }),
  ]);
  return { size, md5: sourceHash.digest('hex'), bodySize, bodyMd5: bodyHash.digest('hex') };
}

function sink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}
