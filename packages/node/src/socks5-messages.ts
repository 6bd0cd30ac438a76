import { HandshakeError } from '@weft/core';

/** RFC 1928 §3: protocol version byte of every SOCKS5 message. */
export const SOCKS_VERSION = 5;
/** RFC 1928 §3 method numbers. */
export const SocksMethod = Object.freeze({ NoAuth: 0x00, UsernamePassword: 0x02, NoAcceptable: 0xff });
/** RFC 1928 §5 address types. */
export const SocksAddressType = Object.freeze({ Ipv4: 0x01, DomainName: 0x03, Ipv6: 0x04 });
/** RFC 1929 §2: version of the username/password subnegotiation. */
const AUTH_VERSION = 1;
const CMD_CONNECT = 0x01;

/** RFC 1928 §6 reply field meanings, for error messages. */
const REPLY_MEANINGS: Readonly<Record<number, string>> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

/** A parsed message and how many bytes it used. */
export interface Parsed<T> {
  readonly value: T;
  readonly length: number;
}

/** Where the CONNECT goes: an IP address in binary, or a domain name the proxy resolves. */
export type SocksDestination =
  | { readonly type: typeof SocksAddressType.Ipv4 | typeof SocksAddressType.Ipv6; readonly address: Uint8Array }
  | { readonly type: typeof SocksAddressType.DomainName; readonly name: string };

/** RFC 1928 §3 greeting: we offer "no authentication", plus username/password when we have credentials. */
export function encodeGreeting(withPassword: boolean): Uint8Array {
  return withPassword
    ? Uint8Array.of(SOCKS_VERSION, 2, SocksMethod.NoAuth, SocksMethod.UsernamePassword)
    : Uint8Array.of(SOCKS_VERSION, 1, SocksMethod.NoAuth);
}

/** RFC 1928 §3 method selection: `VER METHOD`. */
export function parseMethodChoice(bytes: Uint8Array): Parsed<number> | undefined {
  if (bytes.byteLength < 2) return undefined;
  checkVersion(bytes[0], SOCKS_VERSION, 'method selection');
  return { value: bytes[1], length: 2 };
}

/** RFC 1929 §2 request: `VER ULEN UNAME PLEN PASSWD` (each field 1..255 bytes, checked by the caller). */
export function encodePasswordAuth(username: Uint8Array, password: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(3 + username.byteLength + password.byteLength);
  bytes[0] = AUTH_VERSION;
  bytes[1] = username.byteLength;
  bytes.set(username, 2);
  bytes[2 + username.byteLength] = password.byteLength;
  bytes.set(password, 3 + username.byteLength);
  return bytes;
}

/** RFC 1929 §2 response: `VER STATUS`; status 0 is success. */
export function parseAuthStatus(bytes: Uint8Array): Parsed<number> | undefined {
  if (bytes.byteLength < 2) return undefined;
  checkVersion(bytes[0], AUTH_VERSION, 'authentication reply');
  return { value: bytes[1], length: 2 };
}

/** RFC 1928 §4 request: `VER CMD RSV ATYP DST.ADDR DST.PORT` with CMD = CONNECT. */
export function encodeConnectRequest(destination: SocksDestination, port: number): Uint8Array {
  const address = destination.type === SocksAddressType.DomainName
    ? Uint8Array.of(destination.name.length, ...Buffer.from(destination.name, 'latin1'))
    : destination.address;
  const bytes = new Uint8Array(6 + address.byteLength);
  bytes.set([SOCKS_VERSION, CMD_CONNECT, 0, destination.type]);
  bytes.set(address, 4);
  bytes[4 + address.byteLength] = port >> 8;
  bytes[5 + address.byteLength] = port & 0xff;
  return bytes;
}

/**
 * RFC 1928 §6 reply: `VER REP RSV ATYP BND.ADDR BND.PORT`; its length depends on ATYP. Returns
 * the REP field (0 = succeeded). Throws `ERR_PROXY_RESPONSE` on a malformed reply.
 */
export function parseConnectReply(bytes: Uint8Array): Parsed<number> | undefined {
  if (bytes.byteLength < 5) return undefined;
  checkVersion(bytes[0], SOCKS_VERSION, 'CONNECT reply');
  let addressBytes: number;
  switch (bytes[3]) {
    case SocksAddressType.Ipv4: addressBytes = 4; break;
    case SocksAddressType.Ipv6: addressBytes = 16; break;
    case SocksAddressType.DomainName: addressBytes = 1 + bytes[4]; break;
    default: throw malformed(`CONNECT reply has address type ${bytes[3]}`);
  }
  const length = 4 + addressBytes + 2;
  return bytes.byteLength < length ? undefined : { value: bytes[1], length };
}

/** The RFC 1928 §6 meaning of a reply code, for messages. */
export function describeReply(code: number): string {
  return REPLY_MEANINGS[code] ?? 'unassigned reply code';
}

function checkVersion(seen: number, expected: number, what: string): void {
  if (seen !== expected) throw malformed(`${what} has version ${seen}; expected ${expected}`);
}

function malformed(what: string): HandshakeError {
  return new HandshakeError('ERR_PROXY_RESPONSE', `malformed SOCKS5 proxy response: ${what}`);
}
