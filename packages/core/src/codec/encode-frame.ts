import { applyMask } from '../mask/apply-mask.js';
import { MAX_CONTROL_PAYLOAD_BYTES } from './frame-header-rules.js';
import { isControlOpcode, isKnownOpcode } from './opcode.js';

/** Options of {@link encodeFrame}. */
export interface EncodeFrameOptions {
  /** Final fragment of the message. Default true; must be true for control frames (§5.5). */
  fin?: boolean;
  /** RSV1, set by a per-message extension (RFC 7692 "compressed"). Default false. */
  rsv1?: boolean;
  /** 4-byte masking key: sets the MASK bit and masks the payload (a client MUST, §5.3). */
  maskKey?: Uint8Array;
}

/**
 * Encodes one RFC 6455 §5.2 frame as two chunks, `[header, payload]`, to be written back to back
 * without concatenating them. The length uses the minimal encoding (7, 16 or 64 bits). With a
 * `maskKey` the payload is masked into a new buffer; the caller's `payload` is never modified
 * (without one, the caller's payload is returned as the second chunk as it is).
 *
 * Throws TypeError on caller misuse: an opcode RFC 6455 does not define, a fragmented control
 * frame, a control payload over 125 bytes, a payload over 2^53-1 bytes, or a key not of 4 bytes.
 */
export function encodeFrame(
  opcode: number,
  payload: Uint8Array,
  options: EncodeFrameOptions = {},
): [header: Uint8Array, payload: Uint8Array] {
  const { fin = true, rsv1 = false, maskKey } = options;
  checkFrame(opcode, payload, fin, maskKey);
  const length = payload.length;
  const keyAt = frameHeaderBytes(length);
  const header = new Uint8Array(maskKey === undefined ? keyAt : keyAt + 4);
  writeFrameHeader(header, opcode, fin, rsv1, length, maskKey !== undefined);
  if (maskKey === undefined) return [header, payload];
  header.set(maskKey, keyAt);
  const masked = new Uint8Array(length);
  applyMask(payload, maskKey, masked, 0);
  return [header, masked];
}

function checkFrame(opcode: number, payload: Uint8Array, fin: boolean, maskKey: Uint8Array | undefined): void {
  // §5.2: reserved opcodes are for extensions, none of which defines any here.
  if (!isKnownOpcode(opcode)) {
    throw new TypeError(`opcode ${String(opcode)} is not defined by RFC 6455 (0, 1, 2, 8, 9 or 10)`);
  }
  if (!(payload instanceof Uint8Array)) {
    throw new TypeError(`payload must be a Uint8Array; got ${payload === null ? 'null' : typeof payload}`);
  }
  const length = payload.length;
  if (isControlOpcode(opcode)) {
    // §5.5: control frames MUST have a payload of 125 bytes or less and MUST NOT be fragmented.
    if (length > MAX_CONTROL_PAYLOAD_BYTES) {
      throw new TypeError(`control frame payload is ${length} bytes; the limit is ${MAX_CONTROL_PAYLOAD_BYTES} (RFC 6455 §5.5)`);
    }
    if (!fin) throw new TypeError(`control frame with opcode ${opcode} must have fin set (RFC 6455 §5.5)`);
  }
  // §5.2: the 64-bit length's most significant bit MUST be 0; past 2^53-1 a number is inexact.
  if (length > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(`payload is ${length} bytes; the limit is 2^53-1`);
  }
  if (maskKey !== undefined && (!(maskKey instanceof Uint8Array) || maskKey.length !== 4)) {
    throw new TypeError('maskKey must be a Uint8Array of 4 bytes');
  }
}

/** Bytes of a §5.2 frame header before the masking key: 2, plus 2 or 8 for the extended length. */
export function frameHeaderBytes(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 0x10000 ? 4 : 10;
}

/**
 * Writes the §5.2 header fields of a frame (not the masking key) at the start of `target`, with
 * the minimal length encoding; returns how many bytes it wrote (see {@link frameHeaderBytes}).
 * Does no validation: `payloadLength` must be a safe integer ≥ 0 and `target` long enough.
 */
export function writeFrameHeader(target: Uint8Array, opcode: number, fin: boolean, rsv1: boolean, payloadLength: number,
  masked: boolean): number {
  target[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
  const maskBit = masked ? 0x80 : 0;
  if (payloadLength < 126) {
    target[1] = maskBit | payloadLength;
    return 2;
  }
  if (payloadLength < 0x10000) {
    target[1] = maskBit | 126;
    target[2] = payloadLength >>> 8;
    target[3] = payloadLength & 0xff;
    return 4;
  }
  // §5.2: 64-bit length, most significant bit 0 (guaranteed: length ≤ 2^53-1).
  target[1] = maskBit | 127;
  const high = Math.floor(payloadLength / 0x100000000);
  const low = payloadLength >>> 0;
  target[2] = high >>> 24;
  target[3] = (high >>> 16) & 0xff;
  target[4] = (high >>> 8) & 0xff;
  target[5] = high & 0xff;
  target[6] = low >>> 24;
  target[7] = (low >>> 16) & 0xff;
  target[8] = (low >>> 8) & 0xff;
  target[9] = low & 0xff;
  return 10;
}
