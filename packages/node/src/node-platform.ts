import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import * as nodeCrypto from 'node:crypto';
import { decodeUtf8 as decodeUtf8OrUndefined, MaskKeySource, SHORT_TEXT_MAX_UNITS, type Platform } from '@weft/core';
import { EXTERNAL_LATIN1_MIN_BYTES, EXTERNAL_SLICE_MIN_BYTES, externalAsciiString } from './external-ascii.js';
import { allocateFrameBuffer, discardFrameBuffer, recycleBuffer } from './frame-buffer-pool.js';
import { allocatePayload } from './payload-slab.js';
import { allocateInWriteSlab, WRITE_SLAB_PIECE_MAX_BYTES } from './write-slab.js';

/**
 * One pool of CSPRNG bytes for the whole process, drawn 8 KiB at a time: the masking keys of every
 * connection (one pool instead of 4 KiB per connection) and the handshake nonces.
 */
export const sharedMaskKeys = new MaskKeySource((target) => nodeCrypto.randomFillSync(target), 8192);

/** Requests up to this size, in whole 4-byte words, are served from {@link sharedMaskKeys}. */
const POOLED_RANDOM_MAX_BYTES = 64;

/**
 * `crypto.randomFillSync`, except that a small request — the 16-byte `Sec-WebSocket-Key` nonce of
 * every handshake — takes its bytes from the shared pool: one CSPRNG call per 512 handshakes
 * instead of one each. Every byte is handed out once.
 */
function fillRandom(target: Uint8Array): void {
  const length = target.length;
  if (length > POOLED_RANDOM_MAX_BYTES || length % 4 !== 0) {
    nodeCrypto.randomFillSync(target);
    return;
  }
  for (let at = 0; at < length; at += 4) sharedMaskKeys.nextInto(target, at);
}

/**
 * Buffer's UTF-8 decoder (what `toString()` calls), applied to any Uint8Array: no Buffer view has
 * to be made first for a payload cut from the shared read buffer (a plain Uint8Array). Node has
 * had it on Buffer.prototype for a decade; `Buffer.from(...).toString()` is the fallback.
 */
type SliceMethod = (this: Uint8Array, start: number, end: number) => string;
const utf8Slice = (Buffer.prototype as { utf8Slice?: SliceMethod }).utf8Slice;
const latin1Slice = (Buffer.prototype as { latin1Slice?: SliceMethod }).latin1Slice;

/**
 * From this length an all-ASCII payload is decoded as Latin-1 (the same string): one SIMD
 * `isAscii` scan and a plain copy, where the UTF-8 decoders examine every byte. Measured on
 * Node 20 against the fatal `TextDecoder`, per decode: ASCII 2 KiB 306–366 → 225–245 ns, 4 KiB
 * 528–542 → 349–362 ns, 16 KiB 1.93–1.99 → 1.28–1.31 µs. Text with a non-ASCII byte pays the
 * scan up to that byte and a call: 0–4 % when it comes first, 11–19 % when it comes last (2–4 KiB;
 * 9–11 % at 16 KiB). At 1 KiB the gain (about 20 ns) was smaller than that loss (about 50 ns),
 * hence 2 KiB. On Node 24, whose `TextDecoder` uses SIMD itself, the two routes are even for
 * ASCII. From {@link EXTERNAL_LATIN1_MIN_BYTES} the Latin-1 string is also external: for ASCII
 * text a UTF-8 decode would make a V8 heap string, which at that size gets pages of its own,
 * mapped, faulted in and unmapped again for every message (1 MiB messages in a loop, 329 →
 * 650–1 230 MB/s, page faults halved or better; 16 MiB, 352 → 470–515 MB/s). From
 * {@link EXTERNAL_SLICE_MIN_BYTES} below that, the text is a slice of an external string
 * (`external-ascii.ts`).
 */
export const ASCII_AS_LATIN1_MIN_BYTES = 2048;

/**
 * `bytes` as a Latin-1 string when they are long enough and all ASCII, else undefined.
 * `ascii`: what the caller knows of that (a streaming validator saw every byte); scanned for
 * only when undefined.
 */
function decodeLongAscii(bytes: Uint8Array, ascii?: boolean): string | undefined {
  const length = bytes.length;
  if (length < ASCII_AS_LATIN1_MIN_BYTES || latin1Slice === undefined || !(ascii ?? isAscii(bytes))) return undefined;
  if (length >= EXTERNAL_SLICE_MIN_BYTES && length < EXTERNAL_LATIN1_MIN_BYTES) return externalAsciiString(bytes);
  return latin1Slice.call(bytes, 0, length);
}

function decodeUtf8(bytes: Uint8Array, ascii?: boolean): string {
  const latin1 = decodeLongAscii(bytes, ascii);
  if (latin1 !== undefined) return latin1;
  if (utf8Slice !== undefined) return utf8Slice.call(bytes, 0, bytes.length);
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString();
}

/**
 * Validating decode: long ASCII as Latin-1; anything else through core's validating decoder
 * (the fatal `TextDecoder`), which decodes valid UTF-8 and rejects the rest (undefined). Called
 * unbound (see `Platform`).
 */
function decodeUtf8IfValid(bytes: Uint8Array): string | undefined {
  // The length test first, so a short message (most of them) costs no extra call.
  if (bytes.length >= ASCII_AS_LATIN1_MIN_BYTES) {
    const ascii = decodeLongAscii(bytes);
    if (ascii !== undefined) return ascii;
  }
  return decodeUtf8OrUndefined(bytes);
}

const textEncoder = new TextEncoder();

/**
 * Text to UTF-8 for sending, in a frame buffer (pooled memory, given back once the socket has
 * written it) instead of a fresh allocation per message, whose pages fault in as they are filled
 * (16 MiB texts: 4 096 page faults each), for text longer than core encodes itself. Lone
 * surrogates become U+FFFD.
 *
 * Optimistic: ASCII takes one byte per unit, so a buffer of `text.length` bytes holds it and no
 * length pass is needed (`Buffer.byteLength` costs three times the encoding of ASCII). Otherwise
 * the encoded prefix is kept and only the rest is measured and encoded: restarting from scratch
 * cost twice as much on text with 1 in 8 characters outside ASCII, 3.5 times with one at the end.
 */
function encodeUtf8(text: string): Uint8Array {
  return encodeUtf8WithRoom(text, 0);
}

/**
 * {@link encodeUtf8} after `room` bytes of garbage (core writes the frame's header there), in
 * the same kind of buffer, which ends where the text ends.
 */
function encodeUtf8WithRoom(text: string, room: number): Uint8Array {
  const units = text.length;
  // Core encodes text this short itself (its scratch), but for a direct caller or when the
  // scratch's encoder stopped short (nodejs/node#65994): a buffer of its own, then, outside the
  // pool, which is for the frames of every message.
  if (units <= SHORT_TEXT_MAX_UNITS) return withRoom(textEncoder.encode(text), room);
  const first = allocateFrameBuffer(room + units);
  const { read, written } = textEncoder.encodeInto(text, first.subarray(room));
  if (read === units) return first;
  // encodeInto never splits a surrogate pair, so the rest starts on a character.
  const rest = text.slice(read);
  const buffer = allocateFrameBuffer(room + written + Buffer.byteLength(rest, 'utf8'));
  first.copy(buffer, room, room, room + written);
  const tail = textEncoder.encodeInto(rest, buffer.subarray(room + written));
  discardFrameBuffer(first);
  if (tail.read === rest.length) return buffer;
  // The buffer is exactly long enough, but Node 25.4+'s encodeInto can stop short of the end on
  // non-ASCII text (nodejs/node#65994), which would leave garbage in the tail: start afresh.
  discardFrameBuffer(buffer);
  return withRoom(textEncoder.encode(text), room);
}

/** `bytes` after `room` bytes (a copy), or `bytes` itself when there is no room to make. */
function withRoom(bytes: Uint8Array, room: number): Uint8Array {
  if (room === 0) return bytes;
  const framed = new Uint8Array(room + bytes.length);
  framed.set(bytes, room);
  return framed;
}

/** `crypto.hash`'s shape (Node 20.12+; read through the namespace so older Node 20 loads). */
export type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'base64') => string;

/**
 * SHA-1 in base64 of `text` taken one byte per code unit (Latin-1), for the accept check: with
 * `crypto.hash`, one call instead of a Hash object (about 1 µs less per opening handshake);
 * without it (Node 20 before 20.12), `createHash`.
 */
export function selectSha1Base64(hash: OneShotHash | undefined): (text: string) => string {
  if (hash === undefined) return (text) => nodeCrypto.createHash('sha1').update(text, 'latin1').digest('base64');
  return (text) => hash('sha1', Buffer.from(text, 'latin1'), 'base64');
}

const sha1Base64 = selectSha1Base64((nodeCrypto as { hash?: OneShotHash }).hash);

/**
 * Core's injected primitives on Node: `crypto.randomFillSync` (small requests pooled) and SHA-1
 * from `node:crypto`; and the optional accelerators: uninitialised Buffers for payloads that core
 * fills completely before delivering them (small ones from a shared slab, big ones from the idle
 * buffers, see `allocatePayload`), `recycle` for the buffers of decoded text frames (and of
 * encoded text no frame views),
 * `encodeUtf8` and `encodeUtf8WithRoom` into frame buffers, `isUtf8` and `isAscii` of
 * `node:buffer` (SIMD) to validate UTF-8, Buffer's decoders for text (long ASCII as Latin-1,
 * validated or not), and `allocateFrame` for outgoing masked frames, whose big buffers are
 * recycled once `SocketTransport` has written them.
 */
export const nodePlatform: Platform & { allocateFrame(length: number): Uint8Array } = Object.freeze({
  fillRandom(target: Uint8Array): void {
    fillRandom(target);
  },
  sha1Base64(text: string): string {
    return sha1Base64(text);
  },
  allocate(length: number): Uint8Array {
    // Never exposed uninitialised: core overwrites every byte before the payload leaves it.
    return allocatePayload(length);
  },
  recycle(buffer: Uint8Array): void {
    // A received text frame's buffer, once decoded (the next big frame fills warm memory), or a
    // frame buffer of encoded text that no frame views (it goes back to the frame pool).
    recycleBuffer(buffer);
  },
  allocateFrame(length: number): Uint8Array {
    // Core writes header, key and every masked payload byte over it before the frame leaves.
    // Small frames are built where SocketTransport would copy them to.
    return length <= WRITE_SLAB_PIECE_MAX_BYTES ? allocateInWriteSlab(length) : allocateFrameBuffer(length);
  },
  encodeUtf8(text: string): Uint8Array {
    return encodeUtf8(text);
  },
  encodeUtf8WithRoom(text: string, room: number): Uint8Array {
    return encodeUtf8WithRoom(text, room);
  },
  isValidUtf8(bytes: Uint8Array): boolean {
    return isUtf8(bytes);
  },
  isAscii(bytes: Uint8Array): boolean {
    return isAscii(bytes);
  },
  decodeUtf8(bytes: Uint8Array, ascii?: boolean): string {
    // Only a boolean is a hint: anything else (say, an index from `map`) is not.
    return decodeUtf8(bytes, typeof ascii === 'boolean' ? ascii : undefined);
  },
  // The function itself, not a wrapper: every received text message calls it.
  decodeUtf8IfValid,
});
