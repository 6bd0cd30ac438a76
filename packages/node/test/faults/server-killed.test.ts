// Fault: the server process dies mid-frame or mid-message. The user must see an error and a
// 1006 close, never a partial message; with connect(), messages queued while reconnecting are
// delivered exactly once and in order, or reported through 'unsent' when the client gives up.
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { connect } from '../../src/index.js';
import { codeOf, observe } from '../security/helpers.js';
import { closeScriptedPeers, frame, startScriptedPeer, type ScriptedPeer } from './scripted-peer.js';

let peer: ScriptedPeer;
afterEach(closeScriptedPeers);

describe('server killed while sending', () => {
  const cuts: Array<[string, Buffer]> = [
    ['mid-header (1 of 4 header bytes)', frame(2, Buffer.alloc(300)).subarray(0, 1)],
    ['mid-frame (half of a 300-byte payload)', frame(2, Buffer.alloc(300)).subarray(0, 154)],
    ['mid-message (first fragment only)', frame(1, 'hello ', { fin: false })],
    ['mid-message (first fragment, then half the next)', Buffer.concat([frame(1, 'hello ', { fin: false }), frame(0, 'world').subarray(0, 3)])],
  ];
  for (const [where, bytes] of cuts) {
    it(`reports error then close 1006 and no message when killed ${where}`, async () => {
      peer = await startScriptedPeer((side) => {
        side.accept();
        side.socket.write(Buffer.concat([frame(1, 'complete'), bytes]), () => side.socket.destroy());
      });
      const seen = observe(peer.url);
      const close = await seen.closed;
      expect(seen.events).toEqual(['open', 'message', 'error', 'close']);
      expect(seen.messages).toEqual(['complete']);
      expect(close.code).toBe(1006);
      expect(close.wasClean).toBe(false);
      expect(codeOf(seen.error)).toBe('ERR_ABNORMAL_CLOSURE');
    });
  }
});

describe('connect(): queued messages survive a killed server exactly once, in order', () => {
  it('delivers messages sent while reconnecting once, in order, before new ones', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const received: string[][] = [];
    server.on('connection', (socket) => {
      const mine: string[] = [];
      received.push(mine);
      socket.on('message', (data) => {
        mine.push(String(data));
        if (received.length === 1) socket.terminate();
      });
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const client = connect(url, { heartbeat: false, reconnect: { minDelayMs: 100, maxDelayMs: 100, jitter: 'none' } });
    try {
      await client.opened;
      client.send('kill');
      await new Promise<void>((resolve) => client.on('state', (s) => s === 'reconnecting' && resolve()));
      for (let i = 1; i <= 20; i++) client.send(`queued ${i}`);
      expect(client.bufferedAmount).toBeGreaterThan(0);
      await new Promise<void>((resolve) => client.on('open', () => resolve()));
      client.send('after');
      await expect.poll(() => received[1]?.length ?? 0).toBe(21);
      expect(received[0]).toEqual(['kill']);
      expect(received[1]).toEqual([...Array.from({ length: 20 }, (_, i) => `queued ${i + 1}`), 'after']);
    } finally {
      await client.close();
      for (const socket of server.clients) socket.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports every queued message through unsent, oldest first, when closed while the server is down', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as AddressInfo).port;
    await new Promise((resolve) => blocker.close(resolve));
    const client = connect(`ws://127.0.0.1:${port}/`, { heartbeat: false, reconnect: { minDelayMs: 10_000, maxDelayMs: 10_000 } });
    const unsent: unknown[][] = [];
    const closes: unknown[] = [];
    client.on('unsent', (messages) => unsent.push(messages));
    client.on('close', (event) => closes.push(event));
    client.send('a');
    client.send(new Uint8Array([1, 2, 3]));
    client.send('c');
    await new Promise<void>((resolve) => client.on('state', (s) => s === 'reconnecting' && resolve()));
    await client.close();
    expect(unsent).toHaveLength(1);
    expect(unsent[0].map((m) => (typeof m === 'string' ? m : [...(m as Uint8Array)]))).toEqual(['a', [1, 2, 3], 'c']);
    await expect(client.opened).rejects.toThrow();
    expect(client.state).toBe('closed');
    expect(closes.at(-1)).toMatchObject({ willReconnect: false });
  });
});
