// Load: a consumer that stalls inside `for await (const message of socket)` must make the client
// stop reading (socket paused, TCP window closes, the server's send buffer grows) instead of
// buffering the server's whole output in memory; when it resumes, every message arrives once,
// in order.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket as WsSocket } from 'ws';
import { connect } from '../../src/index.js';

const MESSAGES = 2_000;
const MESSAGE_BYTES = 16 * 1024;

describe('slow consumer', () => {
  it('pauses reading while async iteration stalls, then delivers every message once, in order', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await once(server, 'listening');
    let serverSide!: WsSocket;
    server.on('connection', (socket) => {
      serverSide = socket;
      for (let i = 0; i < MESSAGES; i++) {
        const payload = Buffer.alloc(MESSAGE_BYTES, i & 0xff);
        payload.writeUInt32BE(i, 0);
        socket.send(payload);
      }
    });
    const client = connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      reconnect: false, heartbeat: false, iteration: { highWaterMark: 16, lowWaterMark: 4 },
    });
    let received = 0;
    client.on('message', () => received++);
    try {
      const iterator = client[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(new DataView((first.value as Uint8Array).buffer, (first.value as Uint8Array).byteOffset).getUint32(0)).toBe(0);
      // Stall: read nothing for a while.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const receivedWhileStalled = received;
      const heldByServer = serverSide.bufferedAmount;
      // Only about highWaterMark messages plus one socket read made it in; the rest waits in the
      // server's buffer and the TCP window, not in the client's memory.
      expect(receivedWhileStalled).toBeLessThan(200);
      expect(heldByServer).toBeGreaterThan(10 * 1024 * 1024);
      const order: number[] = [0];
      for (let i = 1; i < MESSAGES; i++) {
        const next = await iterator.next();
        const data = next.value as Uint8Array;
        order.push(new DataView(data.buffer, data.byteOffset).getUint32(0));
        expect(data.byteLength).toBe(MESSAGE_BYTES);
      }
      expect(order).toEqual(Array.from({ length: MESSAGES }, (_, i) => i));
      expect(received).toBe(MESSAGES);
      console.log(`slow consumer: ${receivedWhileStalled} of ${MESSAGES} messages received while stalled; server held ${heldByServer} bytes`);
    } finally {
      await client.close();
      for (const socket of server.clients) socket.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
