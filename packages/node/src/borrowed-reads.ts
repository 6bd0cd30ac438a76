import type { Socket } from 'node:net';
import { reportUncaughtAfterRead } from './report-uncaught.js';

/**
 * Bytes per read into the shared read buffer. Larger than Node's 64 KiB default: a 1 MiB message
 * takes 4 reads instead of 16, and the buffer is paid for once per process, not per connection.
 */
export const SHARED_READ_BYTES = 256 * 1024;

/**
 * A payload at least this far from complete is read straight into its own buffer (see
 * {@link borrowedReadOptions}): a read there is then never shorter than one into the shared
 * buffer would be. A shorter rest comes through the shared buffer with the frames after it, one
 * read for all of them (64 KiB messages read one payload per syscall at a 64 KiB minimum: -18 %).
 */
export const DIRECT_READ_MIN_BYTES = SHARED_READ_BYTES;

const READER = Symbol('weft.borrowedReader');
const READ_TARGET = Symbol('weft.readTarget');

/** A socket whose reads land in the shared buffer; {@link setBorrowedReader} takes them over. */
interface BorrowingSocket extends Socket {
  [READER]: ((this: Socket, bytes: Uint8Array) => void) | undefined;
  [READ_TARGET]: ((this: Socket, minBytes: number) => Uint8Array | undefined) | undefined;
}

let sharedBuffer: Buffer | undefined;

/**
 * The `onread` option of `net.connect` (a TCP socket) or `tls.connect` (a TLS connection it opens
 * itself) that makes the socket read into one buffer shared by every connection of the process,
 * instead of a fresh buffer per read (64 KiB for TCP, 16 KiB per TLS record) that the GC must
 * collect. Sharing is safe because reads are processed one at a time, synchronously: each read
 * is parsed (and whatever the protocol keeps is copied, see `borrowedInput` of `ClientProtocol`)
 * before the callback returns and the next read of any socket can land. TLS decrypts a record
 * and then copies it into the buffer in pieces, calling back after each: the same rule holds.
 *
 * While a big payload is arriving, the socket reads straight into the payload's own buffer
 * instead (the part still missing, from {@link DIRECT_READ_MIN_BYTES}): the kernel (for TLS, the
 * decryption's copy) then writes those bytes where they belong and they are not copied again.
 * Node asks for the next read's buffer after every read (`onread.buffer` as a function); the
 * answer is kept here, so the memory Node will write into stays referenced for as long as Node
 * may use it.
 *
 * Until {@link setBorrowedReader} is called (during the opening handshake, proxies included), and
 * whenever the socket is paused, each read is copied and pushed into the socket's readable side,
 * so `data` events, `pause()` and buffering behave as on any socket.
 */
export function borrowedReadOptions(): { buffer: () => Uint8Array; callback: (this: Socket, length: number, buffer: Uint8Array) => boolean } {
  const shared = (sharedBuffer ??= Buffer.allocUnsafe(SHARED_READ_BYTES));
  let next: Uint8Array = shared;
  return {
    buffer: () => next,
    callback(this: Socket, length: number, buffer: Uint8Array): boolean {
      try {
        const result = onBorrowedRead(this as BorrowingSocket, length, buffer);
        next = directReadTarget(this as BorrowingSocket) ?? shared;
        return result;
      } catch (error) {
        // Node asks for the next buffer only when this returns normally, and TLS goes on copying
        // the rest of a decrypted record into the current one even after destroy(): a throw would
        // leave a payload that may have been delivered by now as the place the next bytes land.
        // So the shared buffer is named next, the socket is destroyed if this read landed in a
        // payload, and the error surfaces as uncaught once the read is over.
        next = shared;
        reportUncaughtAfterRead(error);
        if (buffer === shared) return true;
        this.destroy();
        return false;
      }
    },
  };
}

/**
 * True while reads go straight to the socket's reader. Not before the reader is set, while the
 * socket is paused (Node may start a read after pause(), through its read(0)), or while older
 * bytes still wait in the readable side: a read then joins them there as a copy, so pause()
 * holds and the bytes keep their order (the `data` listener takes them on resume).
 */
function readsGoToReader(socket: BorrowingSocket): boolean {
  return socket[READER] !== undefined && socket.readableFlowing === true && socket.readableLength === 0;
}

function onBorrowedRead(socket: BorrowingSocket, length: number, buffer: Uint8Array): boolean {
  // Returning false stops reading at the readable side's high-water mark.
  if (!readsGoToReader(socket)) return socket.push(Buffer.from(buffer.subarray(0, length)));
  // A plain Uint8Array, not a Buffer: the payload views core cuts from it are then V8's own
  // `subarray`, several times cheaper than Buffer's.
  (socket[READER] as (this: Socket, bytes: Uint8Array) => void).call(socket, new Uint8Array(buffer.buffer, buffer.byteOffset, length));
  return true;
}

/**
 * Where the socket's next read should land when not in the shared buffer, or undefined: only
 * while reads go to the reader, which feeds them to the protocol at once (a copy queued in the
 * readable side would leave the target out of date).
 */
function directReadTarget(socket: BorrowingSocket): Uint8Array | undefined {
  const readTarget = socket[READ_TARGET];
  if (readTarget === undefined || socket.destroyed || !readsGoToReader(socket)) return undefined;
  return readTarget.call(socket, DIRECT_READ_MIN_BYTES);
}

/** Marks a socket made with {@link borrowedReadOptions}. */
export function markBorrowingSocket(socket: Socket): void {
  (socket as BorrowingSocket)[READER] = undefined;
  (socket as BorrowingSocket)[READ_TARGET] = undefined;
}

/** True for a socket made with {@link borrowedReadOptions}. */
export function readsIntoSharedBuffer(socket: Socket): boolean {
  return READER in socket;
}

/**
 * From now on, every read of `socket` goes to `reader` as a view of the shared buffer, valid only
 * until `reader` returns; or, when `readTarget` (asked after each read, `this` the socket) names
 * memory at least `minBytes` long, as a view of what the kernel wrote there, from its start.
 * Bytes that reached the readable side before still come as `data` events.
 */
export function setBorrowedReader<S extends Socket>(socket: S, reader: (this: S, bytes: Uint8Array) => void,
  readTarget?: (this: S, minBytes: number) => Uint8Array | undefined): void {
  const borrowing = socket as unknown as BorrowingSocket;
  borrowing[READER] = reader as (this: Socket, bytes: Uint8Array) => void;
  borrowing[READ_TARGET] = readTarget as ((this: Socket, minBytes: number) => Uint8Array | undefined) | undefined;
}
