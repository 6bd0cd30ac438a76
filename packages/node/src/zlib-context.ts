import { constants, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DeflateContext } from '@weft/core';

/**
 * Output chunk of a context's stream. Output up to this size comes back as a view of the stream's
 * own buffer, which the next call overwrites, and is copied; longer output is a fresh buffer.
 */
const CONTEXT_CHUNK_BYTES = 16 * 1024;

/**
 * The parts of a `node:zlib` stream a context drives. `_processChunk(chunk, flushFlag)` is the
 * synchronous engine behind `zlib.deflateRawSync` (kept by Node "for backwards compatibility";
 * `minizlib`, under npm's `tar`, drives it the same way). It closes the native handle when done,
 * which a one-shot call wants and a context must not: the handle's `close` is made a no-op for
 * the call and the handle put back. Whether this Node still behaves so is checked once per process
 * by {@link zlibContextsWork}; where it does not, no context is opened and core falls back to
 * passing the previous window as a dictionary (`ZlibDeflateCodec`'s stateless calls).
 */
interface SyncZlibStream {
  _processChunk?(chunk: Uint8Array, flushFlag: number): Buffer;
  _handle?: { close(): void } | null;
  _maxOutputLength?: number;
  readonly destroyed: boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event: 'error'): unknown;
  close(): void;
}

/**
 * One raw DEFLATE stream kept across messages: RFC 7692 context takeover without handing zlib
 * the previous 32 KiB as a dictionary for every message. Measured on 2 KiB JSON messages
 * (docs/BENCHMARKS.md): deflate 81 → 22 µs, inflate 26 → 4 µs per message.
 */
export class ZlibContext implements DeflateContext {
  readonly #stream: SyncZlibStream;
  readonly #handle: { close(): void };
  readonly #closeHandle: () => void;
  #closed = false;

  /** Wraps `stream`; use {@link ZlibContext.inflate} or {@link ZlibContext.deflate}. */
  private constructor(stream: SyncZlibStream) {
    this.#stream = stream;
    this.#handle = stream._handle as { close(): void };
    this.#closeHandle = this.#handle.close;
    // Errors are thrown by process(); the stream also emits them later, which must not crash.
    stream.on('error', ignoreError);
  }

  /** An inflate context with a 2^15-byte window, or undefined where this Node cannot run one. */
  static inflate(): ZlibContext | undefined {
    return zlibContextsWork() ? ZlibContext.openUnchecked(inflateStream()) : undefined;
  }

  /** A deflate context with a 2^`windowBits`-byte window (9..15), or undefined as above. */
  static deflate(windowBits: number): ZlibContext | undefined {
    return zlibContextsWork() ? ZlibContext.openUnchecked(deflateStream(windowBits)) : undefined;
  }

  /** @internal A context on `stream` without the once-per-process check (the check's own use). */
  static openUnchecked(stream: unknown): ZlibContext {
    return new ZlibContext(stream as SyncZlibStream);
  }

  process(data: Uint8Array, maxOutputBytes: number): Uint8Array {
    if (this.#closed) throw new Error('the zlib context is closed');
    const stream = this.#stream;
    const handle = this.#handle;
    // Bounds an inflate before it allocates more (a decompression bomb stops here): zlib throws a
    // RangeError (ERR_BUFFER_TOO_LARGE) after at most one more output chunk.
    stream._maxOutputLength = Math.max(1, maxOutputBytes);
    handle.close = keepOpen;
    let output: Buffer;
    try {
      output = (stream._processChunk as NonNullable<SyncZlibStream['_processChunk']>)(data, constants.Z_SYNC_FLUSH);
    } catch (error) {
      handle.close = this.#closeHandle;
      this.close();
      throw error;
    } finally {
      handle.close = this.#closeHandle;
      if (!this.#closed) stream._handle = handle;
      // Each call adds an 'error' listener of its own.
      stream.removeAllListeners('error');
      stream.on('error', ignoreError);
    }
    return output.byteLength <= CONTEXT_CHUNK_BYTES ? Uint8Array.prototype.slice.call(output) : output;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const stream = this.#stream;
    stream._handle = this.#handle;
    // After a zlib error the stream destroyed itself while its handle's close was a no-op: the
    // native handle is still open and only a direct close frees it.
    if (stream.destroyed) this.#closeHandle.call(this.#handle);
    else stream.close();
  }

  /** @internal Tests: runs the once-per-process check again. */
  static recheck(): boolean {
    contextsWork = undefined;
    return zlibContextsWork();
  }
}

function deflateStream(windowBits: number): unknown {
  return createDeflateRaw({ windowBits, memLevel: 8, chunkSize: CONTEXT_CHUNK_BYTES });
}

function inflateStream(): unknown {
  return createInflateRaw({ windowBits: 15, chunkSize: CONTEXT_CHUNK_BYTES });
}

function ignoreError(): void {}
function keepOpen(): void {}

let contextsWork: boolean | undefined;

/**
 * Whether this Node's zlib streams can be driven synchronously as {@link ZlibContext} does,
 * checked once per process against the public one-shot calls: two messages deflated by a context
 * (the second referring back into the first) must inflate with `inflateRawSync` to the same bytes,
 * an inflate context must read them back, and its output limit must throw a RangeError.
 */
export function zlibContextsWork(): boolean {
  return (contextsWork ??= probeContexts());
}

function probeContexts(): boolean {
  const first = new TextEncoder().encode('weft permessage-deflate context check, '.repeat(8));
  const second = new TextEncoder().encode('weft permessage-deflate context check!');
  let deflater: ZlibContext | undefined;
  let inflater: ZlibContext | undefined;
  try {
    const probe = createDeflateRaw() as unknown as SyncZlibStream;
    const usable = typeof probe._processChunk === 'function' && typeof probe._handle?.close === 'function';
    probe.close();
    if (!usable) return false;
    deflater = ZlibContext.openUnchecked(deflateStream(15));
    const a = deflater.process(first, Infinity);
    const b = deflater.process(second, Infinity);
    const joined = inflateRawSync(concat(a, b), { finishFlush: constants.Z_SYNC_FLUSH });
    if (!sameBytes(joined, concat(first, second))) return false;
    inflater = ZlibContext.openUnchecked(inflateStream());
    if (!sameBytes(inflater.process(a, first.length), first) || !sameBytes(inflater.process(b, second.length), second)) return false;
    const big = deflateRawSync(new Uint8Array(4 * CONTEXT_CHUNK_BYTES), { finishFlush: constants.Z_SYNC_FLUSH });
    const limited = ZlibContext.openUnchecked(inflateStream());
    try {
      limited.process(big, CONTEXT_CHUNK_BYTES);
      return false;
    } catch (error) {
      return error instanceof RangeError;
    } finally {
      limited.close();
    }
  } catch {
    return false;
  } finally {
    deflater?.close();
    inflater?.close();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
