/** The head of an HTTP/1.1 response, as parsed by `HttpResponseParser`. */
export interface HttpResponse {
  /** Status code, 100-999. */
  status: number;
  /** Reason phrase as sent (may be empty). */
  reason: string;
  /**
   * Header values by lower-case name, in a prototype-free record (so `__proto__` is a plain key);
   * repeated headers are joined with `, ` in arrival order (RFC 7230 §3.2.2).
   */
  headers: Record<string, string>;
  /** Every header line as `[name as sent, value]`, in order, OWS trimmed from the value. */
  rawHeaders: [name: string, value: string][];
  /**
   * The bytes that followed the blank line in the chunk that completed the head: the start of
   * the WebSocket stream (or body). A view of that chunk, not a copy.
   */
  trailing: Uint8Array;
}

/** Limits of `HttpResponseParser`; each default is generous for real handshakes yet bounded. */
export interface HttpResponseLimits {
  /** Longest status or header line, CRLF included. Default 8 KiB (as common servers and proxies). */
  maxLineBytes?: number;
  /** Most header lines. Default 128 (handshake responses have about ten). */
  maxHeaders?: number;
  /** Whole head, status line to blank line included. Default 64 KiB. */
  maxHeaderBytes?: number;
}

/** Defaults of {@link HttpResponseLimits}. */
export const DEFAULT_HTTP_RESPONSE_LIMITS: Readonly<Required<HttpResponseLimits>> = Object.freeze({
  maxLineBytes: 8 * 1024,
  maxHeaders: 128,
  maxHeaderBytes: 64 * 1024,
});
