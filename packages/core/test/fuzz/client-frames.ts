/** One frame the client wrote, unmasked. */
export interface ClientFrame {
  fin: boolean;
  opcode: number;
  maskKey: Uint8Array | undefined;
  payload: Uint8Array;
}

/**
 * Parses everything a client wrote into frames (RFC 6455 §5.2), written independently of codec/.
 * Returns a description of the problem instead of throwing when the bytes are not whole frames
 * (or, with `allowIncompleteTail`, the whole frames before an unfinished one).
 */
export function readClientFrames(chunks: readonly Uint8Array[], allowIncompleteTail = false): ClientFrame[] | string {
  const bytes = Buffer.concat(chunks);
  const frames: ClientFrame[] = [];
  let at = 0;
  const truncated = (what: string): ClientFrame[] | string => (allowIncompleteTail ? frames : what);
  while (at < bytes.length) {
    if (at + 2 > bytes.length) return truncated('truncated header');
    const b0 = bytes[at];
    const b1 = bytes[at + 1];
    let length = b1 & 0x7f;
    at += 2;
    if (length === 126) {
      if (at + 2 > bytes.length) return truncated('truncated 16-bit length');
      length = bytes.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (at + 8 > bytes.length) return truncated('truncated 64-bit length');
      length = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    if (masked && at + 4 > bytes.length) return truncated('truncated masking key');
    const maskKey = masked ? Uint8Array.from(bytes.subarray(at, at + 4)) : undefined;
    if (masked) at += 4;
    if (at + length > bytes.length) return truncated('truncated payload');
    const raw = bytes.subarray(at, at + length);
    const payload = maskKey ? Uint8Array.from(raw, (byte, i) => byte ^ maskKey[i % 4]) : Uint8Array.from(raw);
    at += length;
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, maskKey, payload });
  }
  return frames;
}
