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
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const keyAt = 2 + lengthBytes;
  const header = new Uint8Array(maskKey === undefined ? keyAt : keyAt + 4);
  header[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
  if (lengthBytes === 0) {
    header[1] = length;
  } else if (lengthBytes === 2) {
    header[1] = 126;
    header[2] = length >>> 8;
    header[3] = length & 0xff;
  } else {
    // §5.2: 64-bit length, most significant bit 0 (guaranteed: length ≤ 2^53-1).
    header[1] = 127;
    const high = Math.floor(length / 0x100000000);
    const low = length >>> 0;
    header[2] = high >>> 24;
    header[3] = (high >>> 16) & 0xff;
    header[4] = (high >>> 8) & 0xff;
    header[5] = high & 0xff;
    header[6] = low >>> 24;
    header[7] = (low >>> 16) & 0xff;
    header[8] = (low >>> 8) & 0xff;
    header[9] = low & 0xff;
  }
  if (maskKey === undefined) return [header, payload];
  header[1] |= 0x80;
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
