import { HandshakeError } from '../errors/index.js';
import type { Platform } from '../platform/index.js';
import { negotiatePerMessageDeflate } from '../extensions/negotiate-per-message-deflate.js';
import type { NegotiatedExtension, OfferedExtensions } from '../extensions/negotiated-extension.js';
import { parseExtensionsHeader } from '../extensions/parse-extensions-header.js';
import { PERMESSAGE_DEFLATE } from '../extensions/per-message-deflate-params.js';
import { computeAccept } from './compute-accept.js';
import { splitHeaderList } from './http-chars.js';
import type { HttpResponse } from './http-response.js';

/** What the client sent, to check the server's answer against. */
export interface ValidateResponseOptions {
  /** The `Sec-WebSocket-Key` that was sent. */
  key: string;
  /** The subprotocols that were requested (none when absent or empty). */
  protocols?: readonly string[];
  /** The extensions that were offered. */
  offeredExtensions?: OfferedExtensions;
  /** Computes the expected accept value. */
  platform: Pick<Platform, 'sha1Base64'>;
}

/** What the opening handshake established. */
export interface HandshakeOutcome {
  /** The subprotocol the server selected, or `''` when none. */
  protocol: string;
  /** The extensions in use, in the order the server listed them. */
  extensions: NegotiatedExtension[];
}

/**
 * Checks the server's response to the opening handshake, following the client steps of
 * RFC 6455 §4.1 in order, and returns what was agreed. Any failure throws a `HandshakeError`
 * carrying the response status and headers; the caller must then fail the WebSocket connection.
 */
export function validateResponse(
  response: Pick<HttpResponse, 'status' | 'headers'>,
  options: ValidateResponseOptions,
): HandshakeOutcome {
  const { status, headers } = response;
  const fail = (code: string, message: string, cause?: unknown): HandshakeError =>
    new HandshakeError(code, message, { status, headers: { ...headers }, cause });

  // §4.1: "If the status code received from the server is not 101, the client handles the
  // response per HTTP [RFC2616] procedures." None of those can open a WebSocket here.
  if (status !== 101) throw fail('ERR_UNEXPECTED_STATUS', `expected status 101, got ${status}`);

  // §4.1: "If the response lacks an |Upgrade| header field or the |Upgrade| header field
  // contains a value that is not an ASCII case-insensitive match for the value "websocket", the
  // client MUST _Fail the WebSocket Connection_."
  const upgrade = splitHeaderList(headers['upgrade'] ?? '');
  if (upgrade.length === 0 || upgrade.some((v) => v.toLowerCase() !== 'websocket')) {
    throw fail('ERR_INVALID_UPGRADE', `Upgrade header is ${JSON.stringify(headers['upgrade'] ?? null)}, not "websocket"`);
  }

  // §4.1: "If the response lacks a |Connection| header field or the |Connection| header field
  // doesn't contain a token that is an ASCII case-insensitive match for the value "Upgrade", the
  // client MUST _Fail the WebSocket Connection_." It is a list: `keep-alive, Upgrade` passes.
  const connection = splitHeaderList(headers['connection'] ?? '');
  if (!connection.some((v) => v.toLowerCase() === 'upgrade')) {
    throw fail('ERR_INVALID_CONNECTION', `Connection header ${JSON.stringify(headers['connection'] ?? null)} lacks "Upgrade"`);
  }

  // §4.1: "If the response lacks a |Sec-WebSocket-Accept| header field or the
  // |Sec-WebSocket-Accept| contains a value other than the base64-encoded SHA-1 of the
  // concatenation of the |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string
  // "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" but ignoring any leading and trailing whitespace, the
  // client MUST _Fail the WebSocket Connection_." (The parser already trimmed the whitespace.)
  const accept = headers['sec-websocket-accept'];
  if (accept !== computeAccept(options.key, options.platform)) {
    throw fail('ERR_INVALID_ACCEPT', `Sec-WebSocket-Accept ${JSON.stringify(accept ?? null)} does not match the key`);
  }

  // §4.1: "If the response includes a |Sec-WebSocket-Extensions| header field and this header
  // field indicates the use of an extension that was not present in the client's handshake
  // [...], the client MUST _Fail the WebSocket Connection_."
  const extensions = negotiateExtensions(headers['sec-websocket-extensions'], options.offeredExtensions ?? {}, fail);

  // §4.1: "If the response includes a |Sec-WebSocket-Protocol| header field and this header
  // field indicates the use of a subprotocol that was not present in the client's handshake
  // [...], the client MUST _Fail the WebSocket Connection_." §4.2.2: the server selects one
  // value, so a list (or an empty value) fails too.
  const protocol = headers['sec-websocket-protocol'];
  if (protocol !== undefined && !(options.protocols ?? []).includes(protocol)) {
    throw fail('ERR_INVALID_SUBPROTOCOL', `server selected subprotocol ${JSON.stringify(protocol)}, which was not requested`);
  }
  return { protocol: protocol ?? '', extensions };
}

function negotiateExtensions(
  header: string | undefined,
  offered: OfferedExtensions,
  fail: (code: string, message: string, cause?: unknown) => HandshakeError,
): NegotiatedExtension[] {
  if (header === undefined) return [];
  const result: NegotiatedExtension[] = [];
  try {
    for (const item of parseExtensionsHeader(header)) {
      if (item.name !== PERMESSAGE_DEFLATE || offered.perMessageDeflate === undefined) {
        throw fail('ERR_INVALID_EXTENSIONS', `server accepted extension ${item.name}, which was not offered`);
      }
      // RFC 7692 §7: we offered one permessage-deflate configuration, so it can be accepted once.
      if (result.length > 0) throw fail('ERR_INVALID_EXTENSIONS', 'server accepted permessage-deflate twice');
      result.push({ name: PERMESSAGE_DEFLATE, agreement: negotiatePerMessageDeflate(item.params, offered.perMessageDeflate) });
    }
  } catch (error) {
    // Re-raise parse and negotiation errors with the response's status and headers attached.
    if (error instanceof HandshakeError && error.status === 0) throw fail(error.code, error.message, error);
    throw error;
  }
  return result;
}
