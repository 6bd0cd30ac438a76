/**
 * RFC 6455 §5.2 opcodes. 0x3–0x7 and 0xB–0xF are reserved for further (non-)control frames and
 * fail the connection when received without a negotiated extension that defines them.
 */
export const Opcode = Object.freeze({
  Continuation: 0,
  Text: 1,
  Binary: 2,
  Close: 8,
  Ping: 9,
  Pong: 10,
} as const);

/** One of the opcodes RFC 6455 defines. */
export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** RFC 6455 §5.5: control frames are those whose opcode has the most significant bit set. */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** True for the six opcodes RFC 6455 defines; false for the reserved ones and anything else. */
export function isKnownOpcode(opcode: number): opcode is Opcode {
  return opcode === 0 || opcode === 1 || opcode === 2 || opcode === 8 || opcode === 9 || opcode === 10;
}
