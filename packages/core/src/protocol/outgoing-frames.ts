import { Opcode } from '../codec/index.js';
import { frameHeaderBytes, writeFrameHeader } from '../codec/encode-frame.js';
import { MAX_CONTROL_PAYLOAD_BYTES } from '../codec/frame-header-rules.js';
import { WeftError } from '../errors/index.js';
import { applyMask } from '../mask/apply-mask.js';
import { writeMaskKey, type MaskKeys } from './mask-keys.js';
import { pushStreamedFrame, streamsFrame, type FrameBuffers } from './streamed-frame.js';

// The parameter type of pushMessageFrames, for its callers.
export type { FrameBuffers } from './streamed-frame.js';

/**
 * Throws unless `data` may be the payload of a ping or pong we send: a Uint8Array of at most 125
 * bytes (RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less").
 */
export function checkControlPayload(data: unknown): void {
  if (!(data instanceof Uint8Array)) throw new TypeError('control frame data must be a Uint8Array');
  if (data.length > MAX_CONTROL_PAYLOAD_BYTES) {
    throw new WeftError('ERR_CONTROL_PAYLOAD_TOO_LONG', `control frame payload is ${data.length} bytes; the limit is ${MAX_CONTROL_PAYLOAD_BYTES}`);
  }
}

/** Caller misuse of a send's `fragmentBytes`: it must be a positive integer when given. */
export function checkFragmentBytes(fragmentBytes: number | undefined): void {
  if (fragmentBytes !== undefined && (!Number.isSafeInteger(fragmentBytes) || fragmentBytes < 1)) {
    throw new TypeError(`fragmentBytes must be a positive integer; got ${String(fragmentBytes)}`);
  }
}

/** The longest header of a masked frame: 2 bytes, a 64-bit length and the 4-byte masking key (§5.2). */
export const MAX_MASKED_HEAD_BYTES = 14;

/** Up to this payload size the XOR runs inline, byte by byte, with the key in locals. */
const INLINE_MASK_MAX_BYTES = 32;

/**
 * From this size a payload the protocol owns (encoded text) is masked where it lies and sent as
 * `[header, payload]` (or as one chunk, the header in the room before it), sparing a second
 * buffer of the payload's size; below it, one buffer holding the whole frame is cheaper (the
 * transport copies small chunks together anyway).
 */
const MASK_IN_PLACE_MIN_BYTES = 16 * 1024;

/**
 * Frames longer than this come from the platform's `allocate` (no zero-fill of memory the mask
 * overwrites anyway; Node carves small ones from a shared slab). Up to it, `new Uint8Array` is
 * cheap: V8 keeps typed arrays of at most 64 bytes on its heap, and gives longer ones an
 * ArrayBuffer of their own, which costs far more than the frame (Node 20, per allocation: 78 bytes
 * 1.2 µs, 1 038 bytes 3.1 µs; a slab view 20 ns).
 */
const ALLOCATE_MIN_FRAME_BYTES = 65;

/**
 * Append the frames of one outgoing data message to `out`, one chunk per frame (several for a
 * frame streamed through `buffers.flush`, see {@link FrameBuffers}). With `fragmentBytes`, the
 * payload is split into a first frame of `opcode` and continuation frames of at most that many
 * bytes (RFC 6455 §5.4); RSV1 goes on the first frame only (RFC 7692 §6). Every frame gets a
 * fresh masking key (§5.3). With `payloadIsOwned` (the caller hands over a buffer nobody else
 * holds, such as freshly encoded text), big frames are masked in place. `room` (used only with
 * `payloadIsOwned`): how many bytes right before the payload in its buffer are the caller's too
 * (garbage it lets us overwrite); a frame masked in place, not streamed, whose payload starts
 * there (the message or its first fragment) then gets its header there and leaves as one chunk.
 * `buffers.allocate` (the platform's, e.g. `Buffer.allocUnsafe`) provides the buffers of big
 * frames that are masked into a copy: every byte of such a buffer is written before it is handed on.
 * Returns true when a chunk it pushed (or flushed) views the payload's memory (an owned payload
 * masked in place), false when every frame is a copy and the payload may be let go at once.
 */
export function pushMessageFrames(
  out: Uint8Array[],
  opcode: number,
  payload: Uint8Array,
  rsv1: boolean,
  fragmentBytes: number | undefined,
  maskKeys: MaskKeys,
  payloadIsOwned = false,
  buffers: FrameBuffers = {},
  room = 0,
): boolean {
  const total = payload.length;
  if (fragmentBytes === undefined || fragmentBytes >= total) {
    return pushMessageFrame(out, opcode, payload, true, rsv1, maskKeys, payloadIsOwned, buffers, room);
  }
  let offset = 0;
  let frameOpcode = opcode;
  let frameRsv1 = rsv1;
  let viewed = false;
  do {
    const end = Math.min(offset + fragmentBytes, total);
    // The room is the first fragment's: before a later one lie the bytes of the previous fragment.
    if (pushMessageFrame(out, frameOpcode, payload.subarray(offset, end), end === total, frameRsv1, maskKeys, payloadIsOwned, buffers,
      offset === 0 ? room : 0)) viewed = true;
    offset = end;
    frameOpcode = Opcode.Continuation;
    frameRsv1 = false;
  } while (offset < total);
  return viewed;
}

/** One frame of a message; true when what it pushed views `payload` (see {@link pushMessageFrames}). */
function pushMessageFrame(out: Uint8Array[], opcode: number, payload: Uint8Array, fin: boolean, rsv1: boolean,
  maskKeys: MaskKeys, payloadIsOwned: boolean, buffers: FrameBuffers, room: number): boolean {
  const length = payload.length;
  if (streamsFrame(length, buffers)) {
    pushStreamedFrame(out, opcode, payload, fin, rsv1, maskKeys, payloadIsOwned, buffers);
    return payloadIsOwned;
  }
  if (!payloadIsOwned || length < MASK_IN_PLACE_MIN_BYTES) {
    const small = frameHeaderBytes(length) + 4 + length < ALLOCATE_MIN_FRAME_BYTES;
    out.push(encodeMaskedFrame(opcode, payload, fin, rsv1, maskKeys, small ? undefined : buffers.allocate));
    return false;
  }
  const keyAt = frameHeaderBytes(length);
  // The header in the room before the payload, when there is some: one chunk for the transport
  // (one buffer to write), else a buffer of its own before the payload.
  const frame = room >= keyAt + 4 ? new Uint8Array(payload.buffer, payload.byteOffset - keyAt - 4, keyAt + 4 + length) : undefined;
  const header = frame ?? new Uint8Array(keyAt + 4);
  writeFrameHeader(header, opcode, fin, rsv1, length, true);
  writeMaskKey(header, keyAt, maskKeys);
  applyMask(payload, header.subarray(keyAt, keyAt + 4), payload, 0);
  if (frame === undefined) out.push(header, payload);
  else out.push(frame);
  return true;
}

/**
 * Append one frame to `out`. `options` may carry the masking key itself (older callers) or the
 * source to draw it from. Throws TypeError for a control payload over 125 bytes (§5.5).
 */
export function pushFrame(
  out: Uint8Array[],
  opcode: number,
  payload: Uint8Array,
  options: { fin: boolean; rsv1: boolean; maskKey: Uint8Array | MaskKeys },
): void {
  if (opcode >= Opcode.Close && payload.length > MAX_CONTROL_PAYLOAD_BYTES) {
    throw new TypeError(`control frame payload is ${payload.length} bytes; the limit is ${MAX_CONTROL_PAYLOAD_BYTES} (RFC 6455 §5.5)`);
  }
  const { maskKey } = options;
  out.push(encodeMaskedFrame(opcode, payload, options.fin, options.rsv1, maskKey instanceof Uint8Array ? () => maskKey : maskKey));
}

/**
 * One masked client frame (RFC 6455 §5.2, §5.3) in a single new buffer: header, masking key and
 * the payload masked straight into place. One allocation per frame, and one chunk for the
 * transport to write; the caller's `payload` is never modified. The buffer comes from `allocate`
 * when given (its contents may be garbage: header, key and every payload byte are written over
 * it), else it is a zero-filled `Uint8Array`.
 */
export function encodeMaskedFrame(opcode: number, payload: Uint8Array, fin: boolean, rsv1: boolean, maskKeys: MaskKeys,
  allocate?: (length: number) => Uint8Array): Uint8Array {
  const length = payload.length;
  const keyAt = frameHeaderBytes(length);
  const payloadAt = keyAt + 4;
  const frame = allocate === undefined ? new Uint8Array(payloadAt + length) : allocate(payloadAt + length);
  writeFrameHeader(frame, opcode, fin, rsv1, length, true);
  writeMaskKey(frame, keyAt, maskKeys);
  if (length <= INLINE_MASK_MAX_BYTES) {
    const k0 = frame[keyAt];
    const k1 = frame[keyAt + 1];
    const k2 = frame[keyAt + 2];
    const k3 = frame[keyAt + 3];
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      frame[payloadAt + i] = payload[i] ^ k0;
      frame[payloadAt + i + 1] = payload[i + 1] ^ k1;
      frame[payloadAt + i + 2] = payload[i + 2] ^ k2;
      frame[payloadAt + i + 3] = payload[i + 3] ^ k3;
    }
    for (; i < length; i++) frame[payloadAt + i] = payload[i] ^ frame[keyAt + (i & 3)];
  } else {
    applyMask(payload, frame.subarray(keyAt, payloadAt), frame.subarray(payloadAt), 0);
  }
  return frame;
}
