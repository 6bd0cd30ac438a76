import { lookup } from 'node:dns/promises';
import type { Socket } from 'node:net';
import { HandshakeError } from '@weft/core';
import { dialTcp } from './dial.js';
import { encodeIpAddress } from './ip-address-bytes.js';
import { readUntil } from './read-socket.js';
import {
  SocksAddressType, SocksMethod, describeReply, encodeConnectRequest, encodeGreeting, encodePasswordAuth,
  parseAuthStatus, parseConnectReply, parseMethodChoice,
} from './socks5-messages.js';
import type { Parsed, SocksDestination } from './socks5-messages.js';
import { readSocksCredentials } from './socks5-proxy-url.js';
import type { Target } from './target-url.js';
import type { CancelSignal } from './cancellation.js';

const DEFAULT_SOCKS_PORT = 1080;

/**
 * Opens a tunnel to `target` through the SOCKS5 proxy at `proxy` (RFC 1928), authenticating with
 * the URL's user-info by username/password (RFC 1929) when present. `socks5h:` sends the host
 * name for the proxy to resolve; `socks5:` resolves it here first (`dns.lookup`). Rejects with a
 * HandshakeError: `ERR_PROXY_AUTH` (no acceptable method, credentials refused),
 * `ERR_PROXY_CONNECT` (a non-zero reply, its RFC 1928 §6 code in the message),
 * `ERR_PROXY_RESPONSE` (malformed or truncated answer). Resolves with the raw tunnel socket.
 * `sharedReads`: the tunnel reads into the shared buffer (see `dialTcp`).
 */
export async function openSocks5Tunnel(proxy: URL, target: Target, signal: CancelSignal, sharedReads: boolean): Promise<Socket> {
  const credentials = readSocksCredentials(proxy);
  const destination = await resolveDestination(proxy, target, signal);
  const proxyHost = proxy.hostname.startsWith('[') ? proxy.hostname.slice(1, -1) : proxy.hostname;
  const socket = await dialTcp(proxyHost, proxy.port === '' ? DEFAULT_SOCKS_PORT : Number(proxy.port), signal, sharedReads);
  const reader = new ReplyReader(socket, signal);
  socket.write(encodeGreeting(credentials !== undefined));
  const method = await reader.read(parseMethodChoice);
  if (method === SocksMethod.UsernamePassword && credentials !== undefined) {
    socket.write(encodePasswordAuth(credentials.username, credentials.password));
    // RFC 1929 §2: a non-zero status means failure, and the server closes the connection.
    const status = await reader.read(parseAuthStatus);
    if (status !== 0) throw fail(socket, 'ERR_PROXY_AUTH', `SOCKS5 proxy ${proxy.host} rejected the username/password (status ${status})`);
  } else if (method !== SocksMethod.NoAuth) {
    // RFC 1928 §3: X'FF' means none of our methods is acceptable; any other choice was not offered.
    throw fail(socket, 'ERR_PROXY_AUTH', method === SocksMethod.NoAcceptable
      ? `SOCKS5 proxy ${proxy.host} accepts none of the offered authentication methods${credentials === undefined ? ' (it may require a username and password)' : ''}`
      : `SOCKS5 proxy ${proxy.host} chose authentication method ${method}, which was not offered`);
  }
  socket.write(encodeConnectRequest(destination, target.port));
  const reply = await reader.read(parseConnectReply);
  const authority = `${target.url.hostname}:${target.port}`;
  if (reply !== 0) {
    throw fail(socket, 'ERR_PROXY_CONNECT',
      `SOCKS5 proxy ${proxy.host} refused CONNECT ${authority}: reply ${reply} (${describeReply(reply)})`);
  }
  // A proxy should not relay target bytes before we send any; if it did, they belong to the tunnel.
  const leftover = reader.leftover();
  if (leftover.byteLength > 0) socket.unshift(leftover);
  return socket;
}

/** RFC 1928 §5: an IP literal goes as ATYP 1/4; a name as ATYP 3 (`socks5h:`) or resolved here (`socks5:`). */
async function resolveDestination(proxy: URL, target: Target, signal: CancelSignal): Promise<SocksDestination> {
  let address = encodeIpAddress(target.hostname);
  if (address === undefined && proxy.protocol === 'socks5h:') {
    return { type: SocksAddressType.DomainName, name: target.hostname };
  }
  if (address === undefined) {
    const resolved = await abortable(lookup(target.hostname), signal);
    address = encodeIpAddress(resolved.address) as Uint8Array;
  }
  return { type: address.byteLength === 4 ? SocksAddressType.Ipv4 : SocksAddressType.Ipv6, address };
}

/** Reads successive SOCKS messages off `socket`, keeping bytes that arrived past each one. */
class ReplyReader {
  readonly #socket: Socket;
  readonly #signal: CancelSignal;
  #buffered: Buffer = Buffer.alloc(0);

  constructor(socket: Socket, signal: CancelSignal) {
    this.#socket = socket;
    this.#signal = signal;
  }

  async read(parse: (bytes: Uint8Array) => Parsed<number> | undefined): Promise<number> {
    const take = (): Parsed<number> | undefined => {
      const parsed = parse(this.#buffered);
      if (parsed !== undefined) this.#buffered = this.#buffered.subarray(parsed.length);
      return parsed;
    };
    let ready: Parsed<number> | undefined;
    try {
      ready = take();
    } catch (error) {
      this.#socket.destroy();
      throw error;
    }
    if (ready !== undefined) return ready.value;
    try {
      const parsed = await readUntil(this.#socket, (chunk) => {
        this.#buffered = this.#buffered.byteLength === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffered, chunk]);
        return take();
      }, this.#signal);
      return parsed.value;
    } catch (error) {
      if (error instanceof HandshakeError && error.code === 'ERR_HANDSHAKE_EOF') {
        throw new HandshakeError('ERR_PROXY_RESPONSE', 'SOCKS5 proxy closed the connection during the SOCKS handshake', { cause: error });
      }
      throw error;
    }
  }

  leftover(): Uint8Array {
    return this.#buffered;
  }
}

function fail(socket: Socket, code: string, message: string): HandshakeError {
  socket.destroy();
  return new HandshakeError(code, message);
}

function abortable<T>(promise: Promise<T>, signal: CancelSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
