import { HandshakeError } from '@weft/core';

/** Largest CONNECT response head accepted from a proxy. */
export const MAX_PROXY_HEAD_BYTES = 16 * 1024;

/** A proxy's answer to CONNECT: status, lower-cased headers, and bytes after the head. */
export interface ProxyResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly trailing: Uint8Array;
}

/**
 * Incremental reader of a proxy's CONNECT answer. Proxies commonly answer `HTTP/1.0 200 …`
 * (RFC 9110 §9.3.6 lets any 2xx establish the tunnel), so unlike the WebSocket handshake parser
 * this one accepts HTTP/1.0 and HTTP/1.1. Throws `ERR_PROXY_RESPONSE` on a malformed or huge head.
 */
export class ProxyResponseReader {
  #buffer: Buffer = Buffer.alloc(0);
  #filled = 0;

  /** Adds a chunk; returns the response once the blank line arrived. */
  push(chunk: Uint8Array): ProxyResponse | undefined {
    // Grow geometrically and search only where the blank line can newly end (the last 3 old
    // bytes onwards): a head dripped one byte at a time costs linear time, not quadratic.
    const from = Math.max(0, this.#filled - 3);
    this.#append(chunk);
    const buffered = this.#buffer.subarray(0, this.#filled);
    const end = buffered.indexOf('\r\n\r\n', from, 'latin1');
    if (end < 0) {
      if (buffered.length > MAX_PROXY_HEAD_BYTES) throw invalid(`head exceeds ${MAX_PROXY_HEAD_BYTES} bytes`);
      return undefined;
    }
    if (end > MAX_PROXY_HEAD_BYTES) throw invalid(`head exceeds ${MAX_PROXY_HEAD_BYTES} bytes`);
    const lines = buffered.toString('latin1', 0, end).split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0]);
    if (match === null) throw invalid(`status line ${JSON.stringify(lines[0].slice(0, 80))}`);
    const headers: Record<string, string> = Object.create(null);
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw invalid(`header line ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    return { status: Number(match[1]), headers, trailing: buffered.subarray(end + 4) };
  }

  #append(chunk: Uint8Array): void {
    const needed = this.#filled + chunk.length;
    if (needed > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2, 1024));
      this.#buffer.copy(grown, 0, 0, this.#filled);
      this.#buffer = grown;
    }
    this.#buffer.set(chunk, this.#filled);
    this.#filled = needed;
  }
}

function invalid(what: string): HandshakeError {
  return new HandshakeError('ERR_PROXY_RESPONSE', `malformed proxy CONNECT response: ${what}`);
}
