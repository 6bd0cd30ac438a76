/**
 * What an adapter implements to carry WebSocket bytes: a TCP or TLS socket, an in-memory pipe in
 * tests. The {@link ProtocolDriver} is its only caller.
 */
export interface ByteTransport {
  /**
   * Write the chunks in order, as one batch (an adapter may cork around them). Returns false when
   * the transport is above its high-water mark: the caller should wait for drain before writing
   * more. The chunks are handed over and must not be modified afterwards.
   */
  write(chunks: readonly Uint8Array[]): boolean;
  /**
   * True when {@link write} never calls back into the driver before it returns (a socket: what
   * it reads or suffers is reported later, from the event loop). The driver then writes a big
   * frame piece by piece while it is being masked (see `ClientProtocol.writeEagerly`). Absent or
   * false (an in-memory pipe that delivers synchronously): frames are written whole.
   */
  readonly writesWithoutReentry?: boolean;
  /** Half-close: send FIN after pending writes, keep reading until the peer closes. */
  end(): void;
  /** Tear the connection down now; pending writes are dropped. */
  destroy(): void;
  /** Stop delivering received bytes (backpressure towards the peer). */
  pause(): void;
  /** Resume delivering received bytes. */
  resume(): void;
}
