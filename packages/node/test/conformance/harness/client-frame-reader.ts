/**
 * Decodes what the client writes after the handshake. Every client frame MUST be masked
 * (RFC 6455 §5.1, §5.3); an unmasked one is recorded as a violation, and payloads are unmasked.
 */

/** One frame as the client sent it, payload unmasked. */
export interface ClientFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Incremental reader: accepts any chunking of the client's byte stream. */
export class ClientFrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Rule breaks seen in the client's frames (wire level). */
  readonly violations: string[] = [];

  /** Frames completed by `chunk`, in order. */
  push(chunk: Buffer): ClientFrame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: ClientFrame[] = [];
    for (;;) {
      const frame = this.readFrame();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private peek(count: number): Buffer {
    if (this.chunks[0]!.length >= count) return this.chunks[0]!;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(count: number): Buffer {
    if (count === 0) return Buffer.alloc(0);
    const head = this.peek(count);
    const taken = head.subarray(0, count);
    if (head.length === count) this.chunks.shift();
    else this.chunks[0] = head.subarray(count);
    this.buffered -= count;
    return taken;
  }

  private readFrame(): ClientFrame | undefined {
    if (this.buffered < 2) return undefined;
    const head = this.peek(2);
    const lengthField = head[1]! & 0x7f;
    const masked = (head[1]! & 0x80) !== 0;
    const headerBytes = 2 + (lengthField === 126 ? 2 : lengthField === 127 ? 8 : 0) + (masked ? 4 : 0);
    if (this.buffered < headerBytes) return undefined;
    const header = this.peek(headerBytes);
    let length = lengthField;
    if (lengthField === 126) {
      length = header.readUInt16BE(2);
      if (length < 126) this.violations.push(`non-minimal 16-bit length ${length}`);
    } else if (lengthField === 127) {
      const big = header.readBigUInt64BE(2);
      if (big < 65536n) this.violations.push(`non-minimal 64-bit length ${big}`);
      length = Number(big);
    }
    if (this.buffered < headerBytes + length) return undefined;
    const headerCopy = Buffer.from(this.take(headerBytes));
    const payload = Buffer.from(this.take(length));
    if (masked) unmask(payload, headerCopy.subarray(headerBytes - 4, headerBytes));
    else this.violations.push(`unmasked client frame, opcode ${headerCopy[0]! & 0x0f}`);
    return {
      fin: (headerCopy[0]! & 0x80) !== 0,
      rsv1: (headerCopy[0]! & 0x40) !== 0,
      rsv2: (headerCopy[0]! & 0x20) !== 0,
      rsv3: (headerCopy[0]! & 0x10) !== 0,
      opcode: headerCopy[0]! & 0x0f,
      masked,
      payload,
    };
  }
}

/** XORs `payload` in place with the 4-byte key, 32 bits at a time. */
function unmask(payload: Buffer, key: Buffer): void {
  const words = payload.length >>> 2;
  if (words > 16 && payload.byteOffset % 4 === 0) {
    const view = new Uint32Array(payload.buffer, payload.byteOffset, words);
    const keyWord = key.readUInt32LE(0);
    for (let i = 0; i < words; i++) view[i]! ^= keyWord;
    for (let i = words * 4; i < payload.length; i++) payload[i]! ^= key[i & 3]!;
    return;
  }
  for (let i = 0; i < payload.length; i++) payload[i]! ^= key[i & 3]!;
}
