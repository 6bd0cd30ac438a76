import { ProtocolError } from '../errors/protocol-error.js';

/** RFC 6455 §7.4.1 status codes used when a frame header breaks the rules. */
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_MESSAGE_TOO_BIG = 1009;

/** Largest payload a control frame may carry (RFC 6455 §5.5). */
export const MAX_CONTROL_PAYLOAD_BYTES = 125;

/**
 * Checks the first two header bytes of a frame sent by a server and returns the full header
 * length in bytes (2, 4 or 10: a server frame never carries a masking key). Throws ProtocolError.
 */
export function checkFrameStart(byte0: number, byte1: number): number {
  const opcode = byte0 & 0x0f;
  // §5.2: opcodes 0x3–0x7 and 0xB–0xF are reserved; a recipient MUST fail the connection.
  if ((opcode > 2 && opcode < 8) || opcode > 10) {
    throw new ProtocolError('ERR_RESERVED_OPCODE', CLOSE_PROTOCOL_ERROR,
      `opcode 0x${opcode.toString(16)} is reserved (RFC 6455 §5.2)`);
  }
  const len7 = byte1 & 0x7f;
  if (opcode >= 8) {
    // §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
    if ((byte0 & 0x80) === 0) {
      throw new ProtocolError('ERR_FRAGMENTED_CONTROL_FRAME', CLOSE_PROTOCOL_ERROR,
        `control frame with opcode 0x${opcode.toString(16)} has FIN clear; control frames must not be fragmented (RFC 6455 §5.5)`);
    }
    if (len7 > MAX_CONTROL_PAYLOAD_BYTES) {
      const described = len7 === 126 ? '16-bit extended length' : '64-bit extended length';
      throw new ProtocolError('ERR_CONTROL_FRAME_TOO_BIG', CLOSE_PROTOCOL_ERROR,
        `control frame announces a ${described} (length field ${len7}); the limit is ${MAX_CONTROL_PAYLOAD_BYTES} bytes (RFC 6455 §5.5)`);
    }
  }
  // §5.1: "A client MUST close a connection if it detects a masked frame."
  if ((byte1 & 0x80) !== 0) {
    throw new ProtocolError('ERR_MASKED_FRAME', CLOSE_PROTOCOL_ERROR,
      'server frame has the MASK bit set; a server must not mask frames (RFC 6455 §5.1)');
  }
  return len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
}

/**
 * Reads the payload length of a header whose first two bytes passed {@link checkFrameStart} and
 * whose extended length bytes are all in `source` from `start`. Throws ProtocolError.
 */
export function readPayloadLength(source: Uint8Array, start: number, maxFrameBytes: number): number {
  const len7 = source[start + 1] & 0x7f;
  let length: number;
  if (len7 < 126) {
    length = len7;
  } else if (len7 === 126) {
    length = (source[start + 2] << 8) | source[start + 3];
    // §5.2: "the minimal number of bytes MUST be used to encode the length".
    if (length < 126) throw nonMinimal(length, 16);
  } else {
    const high = ((source[start + 2] << 24) | (source[start + 3] << 16) | (source[start + 4] << 8) | source[start + 5]) >>> 0;
    const low = ((source[start + 6] << 24) | (source[start + 7] << 16) | (source[start + 8] << 8) | source[start + 9]) >>> 0;
    // §5.2: "the most significant bit MUST be 0" for the 64-bit length.
    if (high >= 0x80000000) {
      throw new ProtocolError('ERR_INVALID_LENGTH', CLOSE_PROTOCOL_ERROR,
        `64-bit payload length 0x${high.toString(16).padStart(8, '0')}${low.toString(16).padStart(8, '0')} has its most significant bit set (RFC 6455 §5.2)`);
    }
    if (high > 0x1fffff) {
      throw new ProtocolError('ERR_INVALID_LENGTH', CLOSE_PROTOCOL_ERROR,
        `64-bit payload length 0x${high.toString(16)}${low.toString(16).padStart(8, '0')} exceeds 2^53-1 bytes, the largest length this decoder can represent`);
    }
    length = high * 0x100000000 + low;
    if (length < 0x10000) throw nonMinimal(length, 64);
  }
  if (length > maxFrameBytes) {
    throw new ProtocolError('ERR_FRAME_TOO_BIG', CLOSE_MESSAGE_TOO_BIG,
      `frame payload is ${length} bytes; the limit (maxFrameBytes) is ${maxFrameBytes}`);
  }
  return length;
}

function nonMinimal(length: number, bits: 16 | 64): ProtocolError {
  const fits = length < 126 ? 'the 7-bit length field' : 'a 16-bit extended length';
  return new ProtocolError('ERR_NON_MINIMAL_LENGTH', CLOSE_PROTOCOL_ERROR,
    `payload length ${length} was sent as a ${bits}-bit extended length but fits ${fits}; the minimal encoding must be used (RFC 6455 §5.2)`);
}
