import { constants, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { checkAfterFinalBlock, SlidingWindow, type DeflateContext } from '@weft/core';

/**
 * Output chunk of a context's stream (Node's default). Output up to this size comes back as a
 * view of the stream's own buffer, which the next call overwrites, and is copied; longer output
 * is a fresh buffer.
 */
const CONTEXT_CHUNK_BYTES = 16 * 1024;
/** The inflate window: RFC 7692 lets a server use up to 2^15 bytes. */
const INFLATE_WINDOW_BYTES = 1 << 15;

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
  /** Input bytes the last `_processChunk` consumed (public: `zlib.bytesWritten`). */
  readonly bytesWritten: number;
  readonly destroyed: boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event: 'error'): unknown;
  close(): void;
}

type OpenStream = (dictionary?: Uint8Array) => unknown;

/**
 * One raw DEFLATE stream kept across messages: RFC 7692 context takeover without handing zlib
 * the previous 32 KiB as a dictionary for every message. Measured on 2 KiB JSON messages
 * (docs/BENCHMARKS.md): deflate 81 → 22 µs, inflate 26 → 4 µs per message.
 *
 * A server may end a message with a final block (RFC 7692 §7.2.3.4), which ends zlib's stream,
 * and still refer back into it from the next message (§7.2.2). An inflate context therefore keeps
 * its last 32 KiB of output and, when a message ended the stream, starts a new stream with that
 * as its dictionary.
 */
export class ZlibContext implements DeflateContext {
  readonly #open: OpenStream;
  readonly #history: SlidingWindow | undefined;
  #stream!: SyncZlibStream;
  #handle!: { close(): void };
  #closeHandle!: () => void;
  #closed = false;

  /** Use {@link ZlibContext.inflate} or {@link ZlibContext.deflate}. */
  private constructor(open: OpenStream, history: SlidingWindow | undefined) {
    this.#open = open;
    this.#history = history;
    this.#attach(open());
  }

  /** An inflate context with a 2^15-byte window, or undefined where this Node cannot run one. */
  static inflate(): ZlibContext | undefined {
    return zlibContextsWork() ? openInflate() : undefined;
  }

  /** A deflate context with a 2^`windowBits`-byte window (9..15), or undefined as above. */
  static deflate(windowBits: number): ZlibContext | undefined {
    return zlibContextsWork() ? openDeflate(windowBits) : undefined;
  }

  /** @internal A context over the streams `open` makes, without the once-per-process check. */
  static openUnchecked(open: OpenStream, keepsHistory: boolean): ZlibContext {
    return new ZlibContext(open, keepsHistory ? new SlidingWindow(INFLATE_WINDOW_BYTES) : undefined);
  }

  process(data: Uint8Array, maxOutputBytes: number): Uint8Array {
    if (this.#closed) throw new Error('the zlib context is closed');
    const output = this.#run(data, maxOutputBytes);
    const history = this.#history;
    if (history !== undefined) {
      history.append(output);
      // Input left over: a final block ended the stream (the sync-flush tail core appends is
      // never consumed then). A new stream starts from the window the old one had.
      const consumed = this.#stream.bytesWritten;
      if (consumed < data.byteLength) {
        this.#release();
        try {
          checkAfterFinalBlock(data, consumed);
          this.#attach(this.#open(history.tail()));
        } catch (error) {
          this.#closed = true;
          throw error;
        }
      }
    }
    return output;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#release();
  }

  /** @internal Tests: runs the once-per-process check again. */
  static recheck(): boolean {
    contextsWork = undefined;
    return zlibContextsWork();
  }

  #attach(stream: unknown): void {
    this.#stream = stream as SyncZlibStream;
    this.#handle = this.#stream._handle as { close(): void };
    this.#closeHandle = this.#handle.close;
    // Errors are thrown by process(); the stream also emits them later, which must not crash.
    this.#stream.on('error', ignoreError);
  }

  #run(data: Uint8Array, maxOutputBytes: number): Uint8Array {
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

  /** Frees the current stream's native handle. */
  #release(): void {
    const stream = this.#stream;
    stream._handle = this.#handle;
    // After a zlib error the stream destroyed itself while its handle's close was a no-op: the
    // native handle is still open and only a direct close frees it.
    if (stream.destroyed) this.#closeHandle.call(this.#handle);
    else stream.close();
  }
}

function openInflate(): ZlibContext {
  const open = (dictionary?: Uint8Array) =>
    createInflateRaw({ windowBits: 15, chunkSize: CONTEXT_CHUNK_BYTES, ...(dictionary !== undefined ? { dictionary } : {}) });
  return ZlibContext.openUnchecked(open, true);
}

function openDeflate(windowBits: number): ZlibContext {
  return ZlibContext.openUnchecked(() => createDeflateRaw({ windowBits, memLevel: 8, chunkSize: CONTEXT_CHUNK_BYTES }), false);
}

function ignoreError(): void {}
function keepOpen(): void {}

let contextsWork: boolean | undefined;

/**
 * Whether this Node's zlib streams can be driven synchronously as {@link ZlibContext} does,
 * checked once per process against the public one-shot calls: two messages deflated by a context
 * (the second referring back into the first) must inflate with `inflateRawSync` to the same bytes,
 * an inflate context must read them back, restart after a message that ends with a final block,
 * and throw a RangeError past its output limit.
 */
export function zlibContextsWork(): boolean {
  return (contextsWork ??= probeContexts());
}

const SYNC_FLUSH_TAIL = Uint8Array.of(0x00, 0x00, 0xff, 0xff);

function probeContexts(): boolean {
  const first = new TextEncoder().encode('weft permessage-deflate context check, '.repeat(8));
  const second = new TextEncoder().encode('weft permessage-deflate context check!');
  const opened: ZlibContext[] = [];
  const open = (context: ZlibContext) => (opened.push(context), context);
  try {
    const probe = createDeflateRaw() as unknown as SyncZlibStream;
    const usable = typeof probe._processChunk === 'function' && typeof probe._handle?.close === 'function';
    probe.close();
    if (!usable) return false;
    const deflater = open(openDeflate(15));
    const a = deflater.process(first, Infinity);
    const b = deflater.process(second, Infinity);
    const joined = inflateRawSync(concat(a, b), { finishFlush: constants.Z_SYNC_FLUSH });
    if (!sameBytes(joined, concat(first, second))) return false;
    const inflater = open(openInflate());
    if (!sameBytes(inflater.process(a, first.length), first) || !sameBytes(inflater.process(b, second.length), second)) return false;
    // A message ending with a final block, then one referring back into it.
    const restarting = open(openInflate());
    const final = concat(deflateRawSync(first), SYNC_FLUSH_TAIL);
    const next = deflateRawSync(second, { dictionary: first, finishFlush: constants.Z_SYNC_FLUSH });
    if (!sameBytes(restarting.process(final, first.length), first) || !sameBytes(restarting.process(next, second.length), second)) return false;
    const big = deflateRawSync(new Uint8Array(4 * CONTEXT_CHUNK_BYTES), { finishFlush: constants.Z_SYNC_FLUSH });
    try {
      open(openInflate()).process(big, CONTEXT_CHUNK_BYTES);
      return false;
    } catch (error) {
      return error instanceof RangeError;
    }
  } catch {
    return false;
  } finally {
    for (const context of opened) context.close();
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
