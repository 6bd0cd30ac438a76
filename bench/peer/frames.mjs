// Frame helpers for the benchmark peer. The peer must cost as little as possible, so it builds
// its outgoing (unmasked, RFC 6455 §5.1: a server never masks) frames once and, when it only
// counts, never unmasks: it reads lengths from the headers and skips the payload bytes.

/** Builds the header of an unmasked server frame (RFC 6455 §5.2). */
export function buildHeader(opcode, length, { fin = true, rsv1 = false } = {}) {
  const first = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
  if (length < 126) return Buffer.from([first, length]);
  if (length < 65536) {
    const header = Buffer.alloc(4);
    header[0] = first;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** Builds one whole unmasked frame (header and payload in one buffer). */
export function buildFrame(opcode, payload, options) {
  return Buffer.concat([buildHeader(opcode, payload.length, options), payload]);
}

/**
 * An incremental reader of client frames. With `collect` false it only counts: payloads are
 * skipped (never unmasked), except for control frames, which it always unmasks so that it can
 * answer a close. `onFrame(fin, opcode, rsv1, length, payload)` gets `payload` only when collected.
 */
export class FrameReader {
  constructor(onFrame, { collect = false } = {}) {
    this.onFrame = onFrame;
    this.collect = collect;
    this.header = Buffer.alloc(14);
    this.headerBytes = 0;
    this.remaining = 0; // payload bytes still to come for the current frame
    this.current = undefined; // { fin, opcode, rsv1, length, mask, parts }
    this.wireBytes = 0;
  }

  /** Feeds one chunk from the socket. */
  push(chunk) {
    this.wireBytes += chunk.length;
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (this.current !== undefined) {
        const take = Math.min(this.remaining, end - pos);
        if (this.current.parts !== undefined) this.current.parts.push(chunk.subarray(pos, pos + take));
        pos += take;
        this.remaining -= take;
        if (this.remaining === 0) this.finishFrame();
        continue;
      }
      pos = this.readHeader(chunk, pos);
    }
  }

  readHeader(chunk, pos) {
    const header = this.header;
    // Gather at least the two fixed bytes, then as many as the length field says.
    while (this.headerBytes < 2 && pos < chunk.length) header[this.headerBytes++] = chunk[pos++];
    if (this.headerBytes < 2) return pos;
    const code = header[1] & 0x7f;
    const needed = 2 + (code === 126 ? 2 : code === 127 ? 8 : 0) + (header[1] & 0x80 ? 4 : 0);
    while (this.headerBytes < needed && pos < chunk.length) header[this.headerBytes++] = chunk[pos++];
    if (this.headerBytes < needed) return pos;
    let length = code;
    let offset = 2;
    if (code === 126) {
      length = header.readUInt16BE(2);
      offset = 4;
    } else if (code === 127) {
      length = Number(header.readBigUInt64BE(2));
      offset = 10;
    }
    const opcode = header[0] & 0x0f;
    const keep = this.collect || opcode >= 8;
    this.current = {
      fin: (header[0] & 0x80) !== 0,
      rsv1: (header[0] & 0x40) !== 0,
      opcode,
      length,
      mask: header[1] & 0x80 ? Buffer.from(header.subarray(offset, offset + 4)) : undefined,
      parts: keep ? [] : undefined,
    };
    this.headerBytes = 0;
    this.remaining = length;
    if (length === 0) this.finishFrame();
    return pos;
  }

  finishFrame() {
    const frame = this.current;
    this.current = undefined;
    let payload;
    if (frame.parts !== undefined) {
      payload = Buffer.concat(frame.parts, frame.length);
      if (frame.mask !== undefined) for (let i = 0; i < payload.length; i++) payload[i] ^= frame.mask[i & 3];
    }
    this.onFrame(frame.fin, frame.opcode, frame.rsv1, frame.length, payload);
  }
}
