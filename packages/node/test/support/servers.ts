import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { ServerOptions } from 'ws';
import { WebSocket } from '../../src/index.js';
import type { MessageEvent } from '../../src/index.js';
import type { TestCertificate } from './certificates.js';
import type { CleanupStep } from './cleanup.js';

/**
 * A Weft WebSocket, open, to a fresh `ws` echo server on 127.0.0.1. `cleanup` (a test file's
 * teardown list) closes the socket first, then the server.
 */
export async function openEchoSocket(cleanup: CleanupStep[]): Promise<WebSocket> {
  const echo = await startEchoServer();
  cleanup.push(echo.close);
  const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`);
  await nextEvent(ws, 'open');
  cleanup.unshift(async () => ws.close());
  return ws;
}

/** A `ws` echo server on 127.0.0.1 (or ::1) with a random port. */
export async function startEchoServer(options: ServerOptions = {}, host = '127.0.0.1'): Promise<{ server: WebSocketServer; port: number; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host, port: 0, ...options });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    }),
  };
}

/** A `ws` echo server over https on 127.0.0.1 with a random port, presenting `certificate`. */
export async function startSecureEchoServer(certificate: TestCertificate): Promise<{ port: number; close: () => Promise<void> }> {
  const https = createHttpsServer({ cert: certificate.cert, key: certificate.key });
  const wss = new WebSocketServer({ server: https });
  wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  https.listen(0, '127.0.0.1');
  await once(https, 'listening');
  return {
    port: (https.address() as AddressInfo).port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      https.closeAllConnections();
      await new Promise((resolve) => https.close(resolve));
    },
  };
}

/** A raw TCP peer: `onSocket` scripts what it does with each connection. */
export async function startRawServer(onSocket: (socket: Socket) => void, host = '127.0.0.1'): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  server.listen(0, host);
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Resolves with the next event of `type` on a Weft WebSocket. */
export function nextEvent<E extends Event = Event>(ws: WebSocket, type: string): Promise<E> {
  return new Promise((resolve) => ws.addEventListener(type, (event) => resolve(event as E), { once: true }));
}

/** Sends `text` once `ws` opens, closes it after the echo and resolves with what came back. */
export async function echoOnce(ws: WebSocket, text: string): Promise<string> {
  await nextEvent(ws, 'open');
  ws.send(text);
  const data = (await nextEvent<MessageEvent>(ws, 'message')).data as string;
  ws.close();
  await nextEvent(ws, 'close');
  return data;
}

/** Reads bytes from a raw socket until the HTTP request head is complete (keeps the socket open). */
export function readRequestHead(socket: Socket): Promise<{ head: string; key: string }> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('end', onEnd);
      const head = buffered.slice(0, end);
      resolve({ head, key: /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '' });
    };
    const onEnd = (): void => reject(new Error('connection ended before the request head'));
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}
