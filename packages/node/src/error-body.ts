import type { Socket } from 'node:net';
import { ChunkedBodyDecoder, isChunked } from './chunked-body.js';
import { readBody } from './read-socket.js';
import type { BodySink } from './read-socket.js';
import type { CancelSignal } from './cancellation.js';

/** Most body bytes kept from a refused handshake or CONNECT (HandshakeError.body). */
export const MAX_ERROR_BODY_BYTES = 4 * 1024;
/** Stop waiting for more of that body after this long without data… */
const ERROR_BODY_IDLE_MS = 200;
/** …or this long in all, so a trickling server cannot hold the error back. */
const ERROR_BODY_DEADLINE_MS = 1_000;

/**
 * Up to {@link MAX_ERROR_BODY_BYTES} of the body of a refused answer, framed as its headers say
 * (RFC 9112 §6.3): chunked (decoded), `Content-Length`, or until the connection closes. Bounded
 * in time; never rejects; destroys the socket.
 */
export async function readErrorBody(socket: Socket, headers: Readonly<Record<string, string>>, trailing: Uint8Array,
  signal: CancelSignal): Promise<Uint8Array> {
  let sink: BodySink & { readonly body: Uint8Array };
  if (isChunked(headers)) {
    sink = new ChunkedBodyDecoder(MAX_ERROR_BODY_BYTES);
  } else {
    const length = Number(headers['content-length']);
    sink = new LimitedBody(Number.isSafeInteger(length) && length >= 0 ? Math.min(length, MAX_ERROR_BODY_BYTES) : MAX_ERROR_BODY_BYTES);
  }
  if (sink instanceof LimitedBody && sink.full) {
    socket.destroy();
    return sink.body;
  }
  await readBody(socket, trailing, sink, { idleMs: ERROR_BODY_IDLE_MS, deadlineMs: ERROR_BODY_DEADLINE_MS }, signal);
  return sink.body;
}

/** Keeps the first `limit` bytes of an identity-coded body. */
class LimitedBody implements BodySink {
  readonly #limit: number;
  readonly #parts: Uint8Array[] = [];
  #kept = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get full(): boolean {
    return this.#kept >= this.#limit;
  }

  get body(): Uint8Array {
    return Buffer.concat(this.#parts, this.#kept);
  }

  push(chunk: Uint8Array): boolean {
    const keep = Math.min(chunk.byteLength, this.#limit - this.#kept);
    if (keep > 0) this.#parts.push(chunk.subarray(0, keep));
    this.#kept += keep;
    return this.full;
  }
}
