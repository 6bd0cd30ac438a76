import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** What the test proxy saw. */
export interface ProxyLog {
  readonly requests: string[];
}

/**
 * A tiny HTTP CONNECT proxy on 127.0.0.1: answers 407 without the expected
 * `Proxy-Authorization` (when `auth` is set), else opens the tunnel and pipes bytes both ways.
 */
export async function startConnectProxy(auth?: string): Promise<{ port: number; log: ProxyLog; close: () => Promise<void> }> {
  const log: ProxyLog = { requests: [] };
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    track(client);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const head = buffered.subarray(0, end).toString('latin1');
      log.requests.push(head);
      const [method, authority] = head.split(' ');
      const expected = auth === undefined ? undefined : `Basic ${Buffer.from(auth).toString('base64')}`;
      if (expected !== undefined && !head.includes(`Proxy-Authorization: ${expected}`)) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 4\r\n\r\nauth');
        return;
      }
      if (method !== 'CONNECT') {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      const colon = authority.lastIndexOf(':');
      const host = authority.slice(0, colon).replace(/^\[|\]$/g, '');
      const upstream = connect(Number(authority.slice(colon + 1)), host, () => {
        client.write('HTTP/1.0 200 Connection established\r\n\r\n');
        upstream.write(buffered.subarray(end + 4));
        client.pipe(upstream).pipe(client);
      });
      track(upstream);
      upstream.on('error', () => client.destroy());
    };
    client.on('data', onData);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    log,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
