import { Opcode, type Frame } from '../codec/index.js';

/**
 * Why the frame's reserved bits fail the connection, or undefined when they are allowed.
 * RFC 6455 §5.2: "RSV1, RSV2, RSV3: MUST be 0 unless an extension is negotiated that defines
 * meanings for non-zero values." Only RSV1 is ever defined (RFC 7692), and RFC 7692 §6 allows it
 * only on the first frame of a data message.
 */
export function reservedBitsViolation(frame: Frame, extensionNegotiated: boolean): string | undefined {
  if (frame.rsv2 || frame.rsv3) return 'RSV2 or RSV3 is set but no extension defines it';
  if (!frame.rsv1) return undefined;
  if (!extensionNegotiated) return 'RSV1 is set but no extension was negotiated';
  if (frame.opcode !== Opcode.Text && frame.opcode !== Opcode.Binary) {
    return `RSV1 is set on a frame with opcode ${frame.opcode}; only a message's first frame may have it`;
  }
  return undefined;
}
