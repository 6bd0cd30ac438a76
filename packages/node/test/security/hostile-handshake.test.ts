// Attacks during the opening handshake: header floods (the "too many headers" crashes of
// other clients), and permessage-deflate parameters a client must refuse (RFC 7692 §7).
import { afterEach, describe, expect, it } from 'vitest';
import { acceptFor } from '../support/handshake.js';
import { closeScriptedPeers, startScriptedPeer, type ScriptedPeer } from '../faults/scripted-peer.js';
import { codeOf, observe } from './helpers.js';

let peer: ScriptedPeer;
afterEach(closeScriptedPeers);

describe('header floods are refused cleanly', () => {
  it('refuses 1 MiB of headers: error ERR_HEADERS_TOO_LARGE or ERR_TOO_MANY_HEADERS, close 1006, socket closed', async () => {
    let written = 0;
    peer = await startScriptedPeer((side) => {
      side.socket.write('HTTP/1.1 101 Switching Protocols\r\n');
      const line = `X-Filler: ${'a'.repeat(54)}\r\n`;
      const block = line.repeat(1024);
      const pump = (): void => {
        while (written < 1024 * 1024 && !side.socket.destroyed) {
          written += block.length;
          if (!side.socket.write(block)) {
            side.socket.once('drain', pump);
            return;
          }
        }
      };
      side.socket.on('error', () => undefined);
      pump();
    });
    const seen = observe(peer.url);
    const close = await seen.closed;
    expect(seen.events).toEqual(['error', 'close']);
    expect(['ERR_HEADERS_TOO_LARGE', 'ERR_TOO_MANY_HEADERS']).toContain(codeOf(seen.error));
    expect(close.code).toBe(1006);
    await peer.sides[0].closed;
  });

  it('refuses 10 000 headers with ERR_TOO_MANY_HEADERS', async () => {
    peer = await startScriptedPeer((side) => {
      side.socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(side.key)}\r\n${'A: b\r\n'.repeat(10_000)}\r\n`);
    });
    const seen = observe(peer.url);
    expect((await seen.closed).code).toBe(1006);
    expect(seen.events).toEqual(['error', 'close']);
    expect(codeOf(seen.error)).toBe('ERR_TOO_MANY_HEADERS');
  });
});

describe('invalid permessage-deflate answers fail the handshake (RFC 7692 §7)', () => {
  const answers = [
    'permessage-deflate; server_max_window_bits=16',
    'permessage-deflate; server_max_window_bits=7',
    'permessage-deflate; server_max_window_bits=08',
    'permessage-deflate; server_max_window_bits',
    'permessage-deflate; server_max_window_bits=10; server_max_window_bits=10',
    'permessage-deflate; server_max_window_bits=1e1',
    'permessage-deflate; client_max_window_bits=99',
    'permessage-deflate; x_unknown_param',
    'permessage-deflate, permessage-deflate',
  ];
  for (const answer of answers) {
    it(`refuses ${JSON.stringify(answer)} with ERR_INVALID_EXTENSIONS and never opens`, async () => {
      peer = await startScriptedPeer((side) => side.accept([`Sec-WebSocket-Extensions: ${answer}`]));
      const seen = observe(peer.url, undefined, { perMessageDeflate: true });
      expect((await seen.closed).code).toBe(1006);
      expect(seen.events).toEqual(['error', 'close']);
      expect(codeOf(seen.error)).toBe('ERR_INVALID_EXTENSIONS');
      expect((seen.error as { status?: number }).status).toBe(101);
    });
  }

  it('refuses a permessage-deflate answer when none was offered', async () => {
    peer = await startScriptedPeer((side) => side.accept(['Sec-WebSocket-Extensions: permessage-deflate']));
    const seen = observe(peer.url);
    await seen.closed;
    expect(seen.events).toEqual(['error', 'close']);
    expect(codeOf(seen.error)).toBe('ERR_INVALID_EXTENSIONS');
  });

  it('refuses a subprotocol that was not requested', async () => {
    peer = await startScriptedPeer((side) => side.accept(['Sec-WebSocket-Protocol: admin']));
    const seen = observe(peer.url, ['chat']);
    await seen.closed;
    expect(seen.events).toEqual(['error', 'close']);
    expect(codeOf(seen.error)).toBe('ERR_INVALID_SUBPROTOCOL');
  });
});
