/**
 * An HTTP CONNECT proxy test peer on 127.0.0.1: reads the CONNECT request, optionally demands
 * Proxy-Authorization, dials the target and then relays bytes both ways. Records every request.
 */
import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** One CONNECT request as the proxy saw it (header names lower-cased). */
export interface ConnectRecord {
  requestLine: string;
  headers: Record<string, string>;
}

/** What the proxy does besides tunnelling. */
export interface ConnectProxyOptions {
  /** The exact `Proxy-Authorization` value to demand; anything else gets a 407 with body `auth`. */
  requireAuth?: string;
  /** A reply sent instead of tunnelling (e.g. a hand-written 407). */
  answer?: string;
  /** Serve the proxy itself over TLS with this certificate and key (PEM): an `https:` proxy URL. */
  tls?: { cert: string; key: string };
}

/** A running proxy: `url` is `http://127.0.0.1:<port>` (`https:` with `tls`). */
export interface ConnectProxy {
  readonly url: string;
  readonly port: number;
  readonly requests: ConnectRecord[];
  stop(): Promise<void>;
}

/** The `Proxy-Authorization` value for `userPass` ("user:password"), RFC 7617 Basic. */
export function basicAuthorization(userPass: string): string {
  return `Basic ${Buffer.from(userPass).toString('base64')}`;
}

/** Starts the proxy. */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const requests: ConnectRecord[] = [];
  const sockets = new Set<Socket>();
  const onClient = (client: Socket): void => {
    sockets.add(client);
    client.on('error', () => {});
    client.once('close', () => sockets.delete(client));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const [requestLine = '', ...lines] = head.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      requests.push({ requestLine, headers });
      const [method, target] = requestLine.split(' ');
      if (options.answer) return void client.end(options.answer);
      if (options.requireAuth && headers['proxy-authorization'] !== options.requireAuth) {
        return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 4\r\n\r\nauth');
      }
      if (method !== 'CONNECT' || !target) return void client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n');
      const colon = target.lastIndexOf(':');
      const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon).replace(/^\[|\]$/g, ''));
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.once('close', () => (sockets.delete(upstream), client.destroy()));
      client.once('close', () => upstream.destroy());
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
    };
    client.on('data', onData);
  };
  const server: Server = options.tls === undefined ? createServer(onClient) : createTlsServer(options.tls, onClient);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
