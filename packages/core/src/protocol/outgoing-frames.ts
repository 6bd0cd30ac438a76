import { encodeFrame, Opcode } from '../codec/index.js';

/**
 * Append the frames of one outgoing data message to `out`, each header and payload as separate
 * chunks (no concatenation). With `fragmentBytes`, the payload is split into a first frame of
 * `opcode` and continuation frames of at most that many bytes (RFC 6455 §5.4); RSV1 goes on the
 * first frame only (RFC 7692 §6). Every frame gets a fresh masking key (§5.3).
 */
export function pushMessageFrames(
  out: Uint8Array[],
  opcode: number,
  payload: Uint8Array,
  rsv1: boolean,
  fragmentBytes: number | undefined,
  nextMaskKey: () => Uint8Array,
): void {
  const size = fragmentBytes === undefined || fragmentBytes >= payload.length ? payload.length : fragmentBytes;
  let offset = 0;
  let frameOpcode = opcode;
  let frameRsv1 = rsv1;
  do {
    const end = Math.min(offset + size, payload.length);
    const fin = end === payload.length;
    pushFrame(out, frameOpcode, payload.subarray(offset, end), { fin, rsv1: frameRsv1, maskKey: nextMaskKey() });
    offset = end;
    frameOpcode = Opcode.Continuation;
    frameRsv1 = false;
  } while (offset < payload.length);
}

/** Append one frame's header and (non-empty) masked payload to `out`. */
export function pushFrame(
  out: Uint8Array[],
  opcode: number,
  payload: Uint8Array,
  options: { fin: boolean; rsv1: boolean; maskKey: Uint8Array },
): void {
  const [header, body] = encodeFrame(opcode, payload, options);
  out.push(header);
  if (body.length > 0) out.push(body);
}
