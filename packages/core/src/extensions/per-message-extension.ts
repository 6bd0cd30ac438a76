/**
 * A negotiated per-message extension, as `ClientProtocol` drives it: the RSV1 hook of RFC 6455
 * §5.2 / RFC 7692 §6. Messages whose first frame has RSV1 set are decoded by it; outgoing
 * messages may be encoded by it (RSV1 set on their first frame).
 */
export interface PerMessageExtension {
  /** The extension token, e.g. `permessage-deflate`. */
  readonly name: string;
  /**
   * Decodes a whole message whose first frame had RSV1 set. Throws `ProtocolError` 1009
   * (`ERR_MESSAGE_TOO_BIG`) when the result would exceed `maxBytes`, or 1007 on invalid data.
   */
  decodeMessage(payload: Uint8Array, maxBytes: number): Uint8Array;
  /**
   * Encodes an outgoing message; returns `undefined` to send it as is (RSV1 clear). Keeps no
   * reference to `payload` once it returns: its memory may be handed out again at once.
   */
  encodeMessage(payload: Uint8Array, isText: boolean): Uint8Array | undefined;
  /**
   * The largest encoded size a message of `decodedBytes` bytes can have (incompressible data
   * grows slightly). The protocol bounds encoded frames and messages by it, so the message limit
   * applies to the decoded size without refusing an incompressible message at the limit.
   * When absent, encoded messages are bounded by `decodedBytes` itself.
   */
  maxEncodedBytes?(decodedBytes: number): number;
  /**
   * Frees what the extension holds (a compression context's memory). The protocol calls it once
   * the connection is closed; no message is decoded or encoded after it.
   */
  dispose?(): void;
}
