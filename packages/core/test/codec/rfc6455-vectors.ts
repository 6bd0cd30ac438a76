/** RFC 6455 §5.7 examples, as data. Each vector is one or more frames and their exact wire bytes. */
export interface WireFrame {
  opcode: number;
  fin: boolean;
  payload: Uint8Array;
  maskKey?: Uint8Array;
}

export interface WireVector {
  name: string;
  frames: WireFrame[];
  bytes: Uint8Array;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const bytes = (...values: (number | Uint8Array)[]): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'number' ? [v] : [...v])));
const pattern = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

export const rfc6455Vectors: WireVector[] = [
  {
    name: 'a single-frame unmasked text message "Hello"',
    frames: [{ opcode: 1, fin: true, payload: ascii('Hello') }],
    bytes: bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f),
  },
  {
    name: 'a single-frame masked text message "Hello"',
    frames: [{ opcode: 1, fin: true, payload: ascii('Hello'), maskKey: key }],
    bytes: bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
  },
  {
    name: 'a fragmented unmasked text message "Hel" + "lo"',
    frames: [
      { opcode: 1, fin: false, payload: ascii('Hel') },
      { opcode: 0, fin: true, payload: ascii('lo') },
    ],
    bytes: bytes(0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f),
  },
  {
    name: 'an unmasked ping "Hello"',
    frames: [{ opcode: 9, fin: true, payload: ascii('Hello') }],
    bytes: bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f),
  },
  {
    name: 'a masked pong "Hello"',
    frames: [{ opcode: 10, fin: true, payload: ascii('Hello'), maskKey: key }],
    bytes: bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
  },
  {
    name: 'a 256-byte unmasked binary message (16-bit length)',
    frames: [{ opcode: 2, fin: true, payload: pattern(256) }],
    bytes: bytes(0x82, 0x7e, 0x01, 0x00, pattern(256)),
  },
  {
    name: 'a 64 KiB unmasked binary message (64-bit length)',
    frames: [{ opcode: 2, fin: true, payload: pattern(65536) }],
    bytes: bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0, pattern(65536)),
  },
];
