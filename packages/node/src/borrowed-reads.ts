import type { Socket } from 'node:net';

/**
 * Bytes per read into the shared read buffer. Larger than Node's 64 KiB default: a 1 MiB message
 * takes 4 reads instead of 16, and the buffer is paid for once per process, not per connection.
 */
export const SHARED_READ_BYTES = 256 * 1024;

const READER = Symbol('weft.borrowedReader');

/** A socket whose reads land in the shared buffer; {@link setBorrowedReader} takes them over. */
interface BorrowingSocket extends Socket {
  [READER]: ((this: Socket, bytes: Uint8Array) => void) | undefined;
}

let sharedBuffer: Buffer | undefined;

/**
 * The `onread` option of `net.connect` that makes a plain TCP socket read into one buffer shared
 * by every connection of the process, instead of a fresh 64 KiB buffer per read that the GC must
 * collect. Sharing is safe because reads are processed one at a time, synchronously: each read
 * is parsed (and whatever the protocol keeps is copied, see `borrowedInput` of `ClientProtocol`)
 * before the callback returns and the next read of any socket can land.
 *
 * Until {@link setBorrowedReader} is called (during the opening handshake, proxies included), and
 * whenever the socket is paused, each read is copied and pushed into the socket's readable side,
 * so `data` events, `pause()` and buffering behave as on any socket.
 */
export function borrowedReadOptions(): { buffer: Buffer; callback: (this: Socket, length: number, buffer: Buffer) => boolean } {
  sharedBuffer ??= Buffer.allocUnsafe(SHARED_READ_BYTES);
  return { buffer: sharedBuffer, callback: onBorrowedRead };
}

function onBorrowedRead(this: Socket, length: number, buffer: Buffer): boolean {
  const reader = (this as BorrowingSocket)[READER];
  // Before the reader is set, while the socket is paused (Node may start a read after pause(),
  // through its read(0)), or while older bytes still wait in the readable side, the read joins
  // them there as a copy: pause() holds and the bytes keep their order; the `data` listener
  // takes them on resume. Returning false stops reading at the readable side's high-water mark.
  if (reader === undefined || this.readableFlowing !== true || this.readableLength > 0) {
    return this.push(Buffer.from(buffer.subarray(0, length)));
  }
  // A plain Uint8Array, not a Buffer: the payload views core cuts from it are then V8's own
  // `subarray`, several times cheaper than Buffer's.
  reader.call(this, new Uint8Array(buffer.buffer, buffer.byteOffset, length));
  return true;
}

/** Marks a socket made with {@link borrowedReadOptions}. */
export function markBorrowingSocket(socket: Socket): void {
  (socket as BorrowingSocket)[READER] = undefined;
}

/** True for a socket made with {@link borrowedReadOptions}. */
export function readsIntoSharedBuffer(socket: Socket): boolean {
  return READER in socket;
}

/**
 * From now on, every read of `socket` goes to `reader` as a view of the shared buffer, valid only
 * until `reader` returns. Bytes that reached the readable side before still come as `data` events.
 */
export function setBorrowedReader<S extends Socket>(socket: S, reader: (this: S, bytes: Uint8Array) => void): void {
  (socket as unknown as BorrowingSocket)[READER] = reader as (this: Socket, bytes: Uint8Array) => void;
}
