/**
 * Interop with the `ws` server (a peer we did not write), with and without permessage-deflate:
 * echo of text and binary of several sizes, and the closing handshake started by either side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { expectEchoOfEverySize, openClient } from './interop-client.js';

for (const deflate of [false, true]) {
  describe(`ws server${deflate ? ' with permessage-deflate' : ''}`, () => {
    let server: WebSocketServer;
    let url: string;
    const serverCloses: Array<{ code: number; reason: string }> = [];
    beforeAll(async () => {
      server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: deflate, maxPayload: 64 * 2 ** 20 });
      await new Promise((resolve) => server.once('listening', resolve));
      url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
      server.on('connection', (socket, request) => {
        socket.on('message', (data, isBinary) => {
          const text = data.toString();
          if (!isBinary && text.startsWith('close-me:')) socket.close(Number(text.slice(9)), 'server says bye');
          else socket.send(data, { binary: isBinary });
        });
        socket.on('close', (code, reason) => serverCloses.push({ code, reason: reason.toString() }));
        void request;
      });
    });
    afterAll(async () => {
      for (const socket of server.clients) socket.terminate();
      await new Promise((resolve) => server.close(resolve));
    });

    it('echoes text and binary messages of several sizes byte for byte', async () => {
      const client = await openClient(url, { perMessageDeflate: deflate });
      if (deflate) expect(client.ws.extensions).toMatch(/^permessage-deflate/);
      else expect(client.ws.extensions).toBe('');
      await expectEchoOfEverySize(client, 3);
      client.ws.close(1000, 'done');
      expect(await client.closed).toMatchObject({ code: 1000, wasClean: true });
    });

    it('completes a closing handshake started by the client, and the server sees the code and reason', async () => {
      const client = await openClient(url, { perMessageDeflate: deflate });
      const before = serverCloses.length;
      client.ws.close(4001, 'client bye');
      expect(await client.closed).toMatchObject({ code: 4001, reason: 'client bye', wasClean: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(serverCloses.slice(before)).toEqual([{ code: 4001, reason: 'client bye' }]);
    });

    it('completes a closing handshake started by the server', async () => {
      const client = await openClient(url, { perMessageDeflate: deflate });
      client.ws.send('close-me:4002');
      expect(await client.closed).toMatchObject({ code: 4002, reason: 'server says bye', wasClean: true });
    });
  });
}
