import { HandshakeError } from '../errors/index.js';
import { MAX_WINDOW_BITS, normalizeOffer } from './per-message-deflate-params.js';
import type { PerMessageDeflateAgreement, PerMessageDeflateOffer } from './per-message-deflate-params.js';

const KNOWN = new Set([
  'server_no_context_takeover',
  'client_no_context_takeover',
  'server_max_window_bits',
  'client_max_window_bits',
]);

/**
 * Checks the server's permessage-deflate response parameters against our `offer` and returns
 * the agreed configuration. RFC 7692 §7: the client MUST fail the connection when the response
 * has a parameter not defined for a response, an invalid value, a repeated parameter (caught by
 * `parseExtensionsHeader`), or a configuration the client does not support. Throws
 * `HandshakeError` `ERR_INVALID_EXTENSIONS`.
 */
export function negotiatePerMessageDeflate(
  responseParams: ReadonlyMap<string, string | true>,
  offer: PerMessageDeflateOffer,
): PerMessageDeflateAgreement {
  const offered = normalizeOffer(offer);
  for (const name of responseParams.keys()) {
    // RFC 7692 §7: "an extension parameter not defined for use in a response".
    if (!KNOWN.has(name)) throw reject(`unknown parameter ${name}`);
  }

  // §7.1.1.1: server_no_context_takeover has no value. A server MAY send it unasked, and MUST
  // send it back when it accepts an offer that contains it.
  const serverNoContextTakeover = readFlag(responseParams, 'server_no_context_takeover');
  if (offered.serverNoContextTakeover && !serverNoContextTakeover) {
    throw reject('server_no_context_takeover was offered but not answered');
  }

  // §7.1.1.2: client_no_context_takeover has no value; a server MAY send it unasked.
  const clientNoContextTakeover = readFlag(responseParams, 'client_no_context_takeover') || offered.clientNoContextTakeover;

  // §7.1.2.1: a server accepts server_max_window_bits by answering it "with the same or smaller
  // value"; it MAY also send it when it was not offered.
  const serverBits = readBits(responseParams, 'server_max_window_bits');
  if (offered.serverMaxWindowBits !== undefined) {
    if (serverBits === undefined) throw reject('server_max_window_bits was offered but not answered');
    if (serverBits > offered.serverMaxWindowBits) {
      throw reject(`server_max_window_bits=${serverBits} exceeds the offered ${offered.serverMaxWindowBits}`);
    }
  }

  // §7.1.2.2: without client_max_window_bits in the offer, the response MUST NOT contain it.
  // When the offer carried a value, an answer may only lower it.
  const clientBits = readBits(responseParams, 'client_max_window_bits');
  let clientMaxWindowBits = MAX_WINDOW_BITS;
  if (offered.clientMaxWindowBits === false) {
    if (clientBits !== undefined) throw reject('client_max_window_bits was not offered');
  } else if (offered.clientMaxWindowBits === true) {
    clientMaxWindowBits = clientBits ?? MAX_WINDOW_BITS;
  } else {
    if (clientBits !== undefined && clientBits > offered.clientMaxWindowBits) {
      throw reject(`client_max_window_bits=${clientBits} exceeds the offered ${offered.clientMaxWindowBits}`);
    }
    clientMaxWindowBits = clientBits ?? offered.clientMaxWindowBits;
  }

  return {
    serverNoContextTakeover,
    clientNoContextTakeover,
    serverMaxWindowBits: serverBits ?? MAX_WINDOW_BITS,
    clientMaxWindowBits,
  };
}

function readFlag(params: ReadonlyMap<string, string | true>, name: string): boolean {
  const value = params.get(name);
  if (value === undefined) return false;
  if (value !== true) throw reject(`${name} must not have a value (got ${value})`);
  return true;
}

/**
 * §7.1.2.1/§7.1.2.2: in a response, a window-bits parameter has a value: an integer 8..15 in
 * decimal "without leading zeros" (`1*DIGIT`).
 */
function readBits(params: ReadonlyMap<string, string | true>, name: string): number | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value === true) throw reject(`${name} needs a value in a response`);
  const valid = value.length === 1 ? value === '8' || value === '9' : value.length === 2 && value[0] === '1' && value[1] >= '0' && value[1] <= '5';
  if (!valid) throw reject(`${name}=${value} is not an integer 8..15 without leading zeros`);
  return Number(value);
}

function reject(message: string): HandshakeError {
  return new HandshakeError('ERR_INVALID_EXTENSIONS', `permessage-deflate response rejected: ${message}`);
}
