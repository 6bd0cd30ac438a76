/** The extension token of RFC 7692 §7. */
export const PERMESSAGE_DEFLATE = 'permessage-deflate';

/** Smallest and largest LZ77 window (base-2 logarithm) of RFC 7692 §7.1.2. */
export const MIN_WINDOW_BITS = 8;
/** See {@link MIN_WINDOW_BITS}. */
export const MAX_WINDOW_BITS = 15;

/** What the client offers in `Sec-WebSocket-Extensions` (RFC 7692 §7.1). */
export interface PerMessageDeflateOffer {
  /**
   * `client_max_window_bits`: `true` (the default) sends it bare, telling the server it may
   * shrink our window; a number 8..15 also promises our window is no larger; `false` omits it.
   */
  clientMaxWindowBits?: number | boolean;
  /** `server_max_window_bits`: asks the server to compress with a window of at most 2^n (8..15). */
  serverMaxWindowBits?: number;
  /** `client_no_context_takeover`: we will reset our compression context after every message. */
  clientNoContextTakeover?: boolean;
  /** `server_no_context_takeover`: asks the server to reset its context after every message. */
  serverNoContextTakeover?: boolean;
}

/** The configuration both sides agreed on; what `PerMessageDeflate` runs with. */
export interface PerMessageDeflateAgreement {
  /** The server resets its context after every message: decode without a dictionary. */
  serverNoContextTakeover: boolean;
  /** We reset our context after every message: encode without a dictionary. */
  clientNoContextTakeover: boolean;
  /** The server's window, 8..15 (15 when not negotiated). */
  serverMaxWindowBits: number;
  /** Our window, 8..15 (15 when not negotiated). */
  clientMaxWindowBits: number;
}

/** True for an integer window size RFC 7692 §7.1.2 allows (8..15). */
export function isWindowBits(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= MIN_WINDOW_BITS && (value as number) <= MAX_WINDOW_BITS;
}

/**
 * Checks an offer given by the caller (misuse throws a `RangeError`, at construction time) and
 * returns it with defaults applied.
 */
export function normalizeOffer(offer: PerMessageDeflateOffer): Required<PerMessageDeflateOffer> {
  const { clientMaxWindowBits = true, serverMaxWindowBits, clientNoContextTakeover, serverNoContextTakeover } = offer;
  if (typeof clientMaxWindowBits !== 'boolean' && !isWindowBits(clientMaxWindowBits)) {
    throw new RangeError(`clientMaxWindowBits must be a boolean or an integer 8..15, got ${clientMaxWindowBits}`);
  }
  if (serverMaxWindowBits !== undefined && !isWindowBits(serverMaxWindowBits)) {
    throw new RangeError(`serverMaxWindowBits must be an integer 8..15, got ${serverMaxWindowBits}`);
  }
  return {
    clientMaxWindowBits,
    serverMaxWindowBits: serverMaxWindowBits as number,
    clientNoContextTakeover: clientNoContextTakeover === true,
    serverNoContextTakeover: serverNoContextTakeover === true,
  };
}

/**
 * The `Sec-WebSocket-Extensions` value offering permessage-deflate with `options`, e.g.
 * `permessage-deflate; client_max_window_bits`. Throws `RangeError` on an invalid option.
 */
export function formatPerMessageDeflateOffer(options: PerMessageDeflateOffer = {}): string {
  const offer = normalizeOffer(options);
  const parts = [PERMESSAGE_DEFLATE];
  if (offer.serverNoContextTakeover) parts.push('server_no_context_takeover');
  if (offer.clientNoContextTakeover) parts.push('client_no_context_takeover');
  if (offer.serverMaxWindowBits !== undefined) parts.push(`server_max_window_bits=${offer.serverMaxWindowBits}`);
  if (offer.clientMaxWindowBits === true) parts.push('client_max_window_bits');
  else if (offer.clientMaxWindowBits !== false) parts.push(`client_max_window_bits=${offer.clientMaxWindowBits}`);
  return parts.join('; ');
}
