// Fault: peers that end connections in unusual ways. What the user sees must stay exact:
// events in order, the right close code, wasClean only when both close frames were exchanged,
// no event after close, and no socket or timer left behind.
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { switchingProtocols } from '../support/handshake.js';
import { codeOf, observe } from '../security/helpers.js';
import { closeScriptedPeers, frame, startScriptedPeer, type ScriptedPeer } from './scripted-peer.js';

let peer: ScriptedPeer;
afterEach(closeScriptedPeers);

describe('peers that end the connection oddly', () => {
  it('closes cleanly (1000, wasClean) when the peer answers our close but never closes TCP', async () => {
    peer = await startScriptedPeer((side) => {
      side.accept([], { answerClose: false });
      void side.waitForFrame((f) => f.opcode === 8).then((f) => side.socket.write(frame(8, f.payload)));
    });
    const seen = observe(peer.url, undefined, { closeTimeoutMs: 200 });
    await once(seen.ws, 'open');
    seen.ws.close(1000);
    const close = await seen.closed;
    expect(seen.events).toEqual(['open', 'close']);
    expect(close.code).toBe(1000);
    expect(close.wasClean).toBe(true);
    await peer.sides[0].closed;
  });

  it('reports 1006 when the peer half-closes (FIN) right after the 101 without a close frame', async () => {
    peer = await startScriptedPeer((side) => {
      side.accept();
      side.socket.end();
    });
    const seen = observe(peer.url);
    const close = await seen.closed;
    expect(seen.events).toEqual(['open', 'error', 'close']);
    expect(close.code).toBe(1006);
    expect(close.wasClean).toBe(false);
  });

  it('delivers the message and close frame sent in the same segment as the 101, then nothing after the close', async () => {
    peer = await startScriptedPeer((side) => {
      side.socket.write(Buffer.concat([Buffer.from(switchingProtocols(side.key)), frame(1, 'first'),
        frame(8, Buffer.from([0x03, 0xe8, ...Buffer.from('done')])), frame(1, 'after close'), frame(9, 'ping after close')]));
      side.socket.on('data', () => undefined);
    });
    const seen = observe(peer.url);
    const close = await seen.closed;
    expect(seen.events).toEqual(['open', 'message', 'close']);
    expect(seen.messages).toEqual(['first']);
    expect(close.code).toBe(1000);
    expect(close.reason).toBe('done');
    expect(close.wasClean).toBe(true);
  });

  it('fires handshakeTimeoutMs when a wss: peer accepts TCP but never answers the TLS ClientHello', async () => {
    const sockets = new Set<Socket>();
    let closed = 0;
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => closed++);
      socket.resume();
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const seen = observe(`wss://127.0.0.1:${(silent.address() as AddressInfo).port}/`, undefined, { handshakeTimeoutMs: 300 });
      expect((await seen.closed).code).toBe(1006);
      expect(seen.events).toEqual(['error', 'close']);
      expect(codeOf(seen.error)).toBe('ERR_HANDSHAKE_TIMEOUT');
      await expect.poll(() => closed).toBe(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('abandons the attempt when close() is called while connecting: error, close 1006, peer disconnected', async () => {
    peer = await startScriptedPeer(() => undefined);
    const seen = observe(peer.url);
    await expect.poll(() => peer!.sides.length).toBe(1);
    seen.ws.close();
    const close = await seen.closed;
    expect(seen.events).toEqual(['error', 'close']);
    expect(close.code).toBe(1006);
    expect(codeOf(seen.error)).toBe('ERR_CLOSED_DURING_HANDSHAKE');
    await peer.sides[0].closed;
  });

  it('refuses a 101 without the Upgrade header (RFC 6455 §4.1) and never opens', async () => {
    peer = await startScriptedPeer((side) => {
      side.socket.write(switchingProtocols(side.key).replace('Upgrade: websocket\r\n', ''));
    });
    const seen = observe(peer.url);
    await seen.closed;
    expect(seen.events).toEqual(['error', 'close']);
    expect(codeOf(seen.error)).toBe('ERR_INVALID_UPGRADE');
  });
});
