/**
 * One RFC 6455 §5.2 frame as it travels on the wire (unmasked). The RSV bits are kept as
 * received; it is the protocol's job to check them against the negotiated extension.
 */
export interface Frame {
  /** Final fragment of a message. */
  fin: boolean;
  /** RSV1: "per-message compressed" under RFC 7692. */
  rsv1: boolean;
  /** RSV2: no extension Weft negotiates defines it, so a set bit fails the connection (§5.2). */
  rsv2: boolean;
  /** RSV3: as RSV2. */
  rsv3: boolean;
  /** The raw 4-bit opcode; see {@link Opcode}. */
  opcode: number;
  /** Application data (unmasked). May be a view into the chunk it arrived in. */
  payload: Uint8Array;
}

/**
 * A frame whose header is decoded but whose payload is still arriving (see
 * `FrameDecoder.partialFrame`). Valid only until the decoder's next `push` or `next`: `pieces` and
 * `received` are getters that read the decoder's state when accessed (so spreading the object or
 * `JSON.stringify` does not include them).
 */
export interface PartialFrame {
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly opcode: number;
  /** The full payload length announced by the header. */
  readonly length: number;
  /** How many payload bytes were received so far. */
  readonly receivedBytes: number;
  /** The payload bytes received so far, as views in order (no copy). */
  readonly pieces: readonly Uint8Array[];
  /** The payload bytes received so far in one buffer (a copy when they span chunks: prefer `pieces`). */
  readonly received: Uint8Array;
}
