import { HandshakeError } from '../errors/index.js';
import { isOws, isTchar } from '../handshake/http-chars.js';
import { decodeLatin1 } from '../handshake/latin1.js';

/** One element of a `Sec-WebSocket-Extensions` list. */
export interface ExtensionHeaderItem {
  /** Extension token, e.g. `permessage-deflate`. */
  name: string;
  /** Parameters in order; `true` for a parameter without a value. A `Map`, so any name is safe. */
  params: Map<string, string | true>;
}

/**
 * Parses a `Sec-WebSocket-Extensions` value (RFC 6455 §9.1):
 *
 *     extension-list = 1#extension
 *     extension      = extension-token *( ";" extension-param )
 *     extension-param = token [ "=" (token | quoted-string) ]
 *
 * in one left-to-right pass. OWS is allowed around `,`, `;` and `=`; empty list elements are
 * skipped (RFC 7230 §7), so an empty value gives `[]`. A quoted value is unescaped and must then
 * be a token (§9.1). A parameter repeated within one extension is rejected: no registered
 * extension allows it (RFC 7692 §7 forbids it for permessage-deflate) and a map cannot hold it.
 * Anything else malformed throws `HandshakeError` `ERR_INVALID_EXTENSIONS`.
 */
export function parseExtensionsHeader(value: string): ExtensionHeaderItem[] {
  const items: ExtensionHeaderItem[] = [];
  const n = value.length;
  let i = skipOws(value, 0);
  while (i < n) {
    if (value.charCodeAt(i) === 0x2c) {
      i = skipOws(value, i + 1);
      continue;
    }
    const nameEnd = scanToken(value, i);
    if (nameEnd === i) throw malformed(value, i, 'an extension name');
    const item: ExtensionHeaderItem = { name: value.slice(i, nameEnd), params: new Map() };
    items.push(item);
    i = skipOws(value, nameEnd);
    while (i < n && value.charCodeAt(i) === 0x3b) {
      i = skipOws(value, i + 1);
      const paramEnd = scanToken(value, i);
      if (paramEnd === i) throw malformed(value, i, 'a parameter name');
      const param = value.slice(i, paramEnd);
      if (item.params.has(param)) throw malformed(value, i, `parameter ${param} only once`);
      i = skipOws(value, paramEnd);
      let paramValue: string | true = true;
      if (i < n && value.charCodeAt(i) === 0x3d) {
        i = skipOws(value, i + 1);
        [paramValue, i] = readParamValue(value, i);
        i = skipOws(value, i);
      }
      item.params.set(param, paramValue);
    }
    if (i < n && value.charCodeAt(i) !== 0x2c) throw malformed(value, i, '"," or ";"');
  }
  return items;
}

function readParamValue(value: string, start: number): [string, number] {
  if (value.charCodeAt(start) !== 0x22) {
    const end = scanToken(value, start);
    if (end === start) throw malformed(value, start, 'a parameter value');
    return [value.slice(start, end), end];
  }
  // RFC 7230 §3.2.6: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
  // One scan to the closing quote, then the value is built in one piece: appending it a character
  // at a time, or a regex replace of the backslashes, costs V8 superlinear time on a value of a
  // million escapes (a long rope of one-character strings).
  let allTchars = true;
  let escapes = 0;
  let i = start + 1;
  while (i < value.length) {
    let c = value.charCodeAt(i);
    if (c === 0x22) {
      const quoted = value.slice(start + 1, i);
      // RFC 6455 §9.1: after unescaping, a quoted value MUST conform to the token ABNF.
      if (!allTchars || quoted.length === escapes) throw malformed(value, start, 'a token inside the quotes');
      // Every unescaped character is a tchar, so every backslash left is a quoted-pair's first.
      return [escapes === 0 ? quoted : dropBackslashes(quoted, escapes), i + 1];
    }
    if (c === 0x5c) {
      escapes++;
      i++;
      if (i >= value.length) break;
      c = value.charCodeAt(i);
    }
    if (!isTchar(c)) allTchars = false;
    i++;
  }
  throw malformed(value, start, 'a closing quote');
}

/** `quoted` without its `escapes` backslashes; all its characters are tchars, hence Latin-1. */
function dropBackslashes(quoted: string, escapes: number): string {
  const bytes = new Uint8Array(quoted.length - escapes);
  let j = 0;
  for (let i = 0; i < quoted.length; i++) {
    const c = quoted.charCodeAt(i);
    if (c !== 0x5c) bytes[j++] = c;
  }
  return decodeLatin1(bytes);
}

function scanToken(value: string, start: number): number {
  let i = start;
  while (i < value.length && isTchar(value.charCodeAt(i))) i++;
  return i;
}

function skipOws(value: string, start: number): number {
  let i = start;
  while (i < value.length && isOws(value.charCodeAt(i))) i++;
  return i;
}

function malformed(value: string, index: number, expected: string): HandshakeError {
  return new HandshakeError(
    'ERR_INVALID_EXTENSIONS',
    `Sec-WebSocket-Extensions ${JSON.stringify(value)}: expected ${expected} at index ${index}`,
  );
}
