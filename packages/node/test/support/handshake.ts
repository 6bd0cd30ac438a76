import { createHash } from 'node:crypto';

/** The `Sec-WebSocket-Accept` for `key` (RFC 6455 §1.3), computed independently of Weft. */
export function acceptFor(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** A minimal valid 101 answer for `key`, plus extra header lines. */
export function switchingProtocols(key: string, extra: string[] = []): string {
  return ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptFor(key)}`, ...extra, '', ''].join('\r\n');
}

/** An unmasked server frame (RFC 6455 §5.2) with a payload under 126 bytes. */
export function serverFrame(opcode: number, payload: Uint8Array | string, fin = true): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, body.length]), body]);
}
