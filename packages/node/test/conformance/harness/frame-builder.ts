/**
 * Test-side frame builder: hand-built server frames with full control over FIN, RSV bits, opcode
 * and the length encoding, so malformed frames can be written on purpose. Independent of
 * @weft/core on purpose: the suite must not share code with what it judges.
 */

/** RFC 6455 §5.2 opcodes, plus the reserved ones tests send on purpose. */
export const Op = { Cont: 0, Text: 1, Binary: 2, Close: 8, Ping: 9, Pong: 10 } as const;

/** How the payload length is written: `auto` is the minimal encoding (RFC 6455 §5.2). */
export type LengthEncoding = 'auto' | 7 | 16 | 64;

/** Everything about one frame a test may want to control. */
export interface FrameSpec {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  lengthEncoding?: LengthEncoding;
  /** A masking key makes this a (forbidden) masked server frame. */
  maskKey?: Uint8Array;
}

/** UTF-8 bytes of `text` (or the bytes themselves). */
export function toBytes(data: Uint8Array | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Encodes one frame as a single Buffer (header + payload). */
export function buildFrame(spec: FrameSpec): Buffer {
  const payload = toBytes(spec.payload ?? new Uint8Array(0));
  const length = payload.length;
  const encoding = spec.lengthEncoding ?? 'auto';
  const lengthBits = encoding === 'auto' ? (length < 126 ? 7 : length < 65536 ? 16 : 64) : encoding;
  const extended = lengthBits === 7 ? 0 : lengthBits === 16 ? 2 : 8;
  const maskBytes = spec.maskKey ? 4 : 0;
  const header = Buffer.alloc(2 + extended + maskBytes);
  header[0] =
    (spec.fin === false ? 0 : 0x80) |
    (spec.rsv1 ? 0x40 : 0) |
    (spec.rsv2 ? 0x20 : 0) |
    (spec.rsv3 ? 0x10 : 0) |
    (spec.opcode & 0x0f);
  const maskBit = spec.maskKey ? 0x80 : 0;
  if (lengthBits === 7) {
    header[1] = maskBit | length;
  } else if (lengthBits === 16) {
    header[1] = maskBit | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!spec.maskKey) return Buffer.concat([header, payload]);
  header.set(spec.maskKey, 2 + extended);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ spec.maskKey[i & 3]!;
  return Buffer.concat([header, masked]);
}

/** A raw header announcing `declaredLength` bytes, with no payload (for length-field attacks). */
export function buildHeaderOnly(opcode: number, lengthField: 126 | 127, declaredLength: bigint): Buffer {
  const header = Buffer.alloc(lengthField === 126 ? 4 : 10);
  header[0] = 0x80 | opcode;
  header[1] = lengthField;
  if (lengthField === 126) header.writeUInt16BE(Number(declaredLength), 2);
  else header.writeBigUInt64BE(declaredLength, 2);
  return header;
}

type Flags = Omit<FrameSpec, 'opcode' | 'payload'>;

/** A text frame (FIN set unless `fin: false`). */
export const text = (payload: Uint8Array | string, flags: Flags = {}): Buffer => buildFrame({ ...flags, opcode: Op.Text, payload });
/** A binary frame. */
export const binary = (payload: Uint8Array | string, flags: Flags = {}): Buffer => buildFrame({ ...flags, opcode: Op.Binary, payload });
/** A continuation frame. */
export const cont = (payload: Uint8Array | string, flags: Flags = {}): Buffer => buildFrame({ ...flags, opcode: Op.Cont, payload });
/** A ping frame. */
export const ping = (payload: Uint8Array | string = '', flags: Flags = {}): Buffer => buildFrame({ ...flags, opcode: Op.Ping, payload });
/** A pong frame. */
export const pong = (payload: Uint8Array | string = '', flags: Flags = {}): Buffer => buildFrame({ ...flags, opcode: Op.Pong, payload });

/** A close frame: no payload when `code` is undefined; `reason` may be raw (invalid) bytes. */
export function close(code?: number, reason: Uint8Array | string = '', flags: Flags = {}): Buffer {
  if (code === undefined) return buildFrame({ ...flags, opcode: Op.Close });
  const body = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), toBytes(reason)]);
  return buildFrame({ ...flags, opcode: Op.Close, payload: body });
}

/** Splits `data` into text/binary fragments of `size` bytes (at least one frame). */
export function fragment(opcode: number, data: Uint8Array | string, size: number, flags: Flags = {}): Buffer[] {
  const bytes = toBytes(data);
  const frames: Buffer[] = [];
  let offset = 0;
  do {
    const end = Math.min(bytes.length, offset + size);
    frames.push(
      buildFrame({
        ...(offset === 0 ? flags : {}),
        opcode: offset === 0 ? opcode : Op.Cont,
        fin: end === bytes.length,
        payload: bytes.subarray(offset, end),
      }),
    );
    offset = end;
  } while (offset < bytes.length);
  return frames;
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out.writeUInt32LE(x, i);
  }
  for (; i < length; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; out[i] = x & 0xff; }
  return out;
}

/** Valid UTF-8 text of exactly `length` bytes mixing 1-, 2-, 3- and 4-byte sequences. */
export function mixedUtf8(length: number): Buffer {
  const unit = Buffer.from('aé€𝄞 κόσμε-', 'utf8');
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  while (offset + unit.length <= length) { unit.copy(out, offset); offset += unit.length; }
  out.fill(0x61, offset);
  return out;
}

/** True when `frame` starts with a close opcode (used to know whether the peer already closed). */
export function isCloseFrame(frame: Buffer): boolean {
  return frame.length >= 2 && (frame[0]! & 0x0f) === Op.Close;
}
