/**
 * A raw TCP WebSocket server peer on 127.0.0.1 (port 0): it answers the handshake itself, then
 * writes whatever bytes a test scripts — split at any boundary — and records everything the
 * client sends, decoded into frames and messages. With `tls` it does the same over TLS (wss://);
 * each scripted write then reaches the client as TLS records of its own.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { ClientFrameReader } from './client-frame-reader.js';
import type { ClientFrame } from './client-frame-reader.js';
import { buildResponse, checkRequest, parseRequest } from './handshake.js';
import type { HandshakeRequest, ResponsePlan } from './handshake.js';
import { PeerDeflate, formatAgreement as formatAgreementLine } from './peer-deflate.js';
import type { DeflateAgreement } from './peer-deflate.js';

/** What the client sent, as the peer understood it. */
export type ClientEvent =
  | { type: 'text' | 'binary'; data: Buffer; compressed: boolean }
  | { type: 'ping' | 'pong'; data: Buffer }
  | { type: 'close'; code: number | undefined; reason: Buffer }
  | { type: 'invalid'; detail: string };

/** How a write is cut into separate socket writes (each reaches the client as its own read). */
export type Split = undefined | 'bytes' | { every: number } | { at: number[] };

/** Options of one peer. */
export interface PeerOptions {
  response?: ResponsePlan;
  /** How the handshake response is written. */
  responseSplit?: Split;
  /** Bytes written in the same write as the 101 (a frame in the same TCP segment). */
  afterResponse?: Buffer;
  /** permessage-deflate parameters the response agreed to (adds the header line itself). */
  deflate?: DeflateAgreement;
  /** Stop reading the request after this many bytes without a blank line. */
  maxRequestBytes?: number;
  /** Serve over TLS with this certificate and key (PEM); the url is then wss://. */
  tls?: { cert: string; key: string };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One accepted connection, after the handshake response was written. */
export class PeerConnection {
  readonly frames: ClientFrame[] = [];
  readonly events: ClientEvent[] = [];
  readonly reader = new ClientFrameReader();
  /** Resolves when the client's TCP side ended (FIN) or the socket closed. */
  readonly tcpEnded: Promise<void>;
  /** Resolves when the socket is fully closed. */
  readonly tcpClosed: Promise<void>;
  private fragments: ClientFrame[] = [];
  private chain: Promise<void> = Promise.resolve();
  private listeners = new Set<() => void>();
  private readonly codec: PeerDeflate | undefined;

  constructor(readonly socket: Socket, readonly request: HandshakeRequest, deflate: DeflateAgreement | undefined) {
    this.codec = deflate ? new PeerDeflate(deflate) : undefined;
    this.tcpEnded = new Promise((resolve) => {
      socket.once('end', () => resolve());
      socket.once('close', () => resolve());
    });
    this.tcpClosed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => this.codec?.dispose());
  }

  /** The peer's deflate codec (when an agreement was made). */
  get deflate(): PeerDeflate {
    if (!this.codec) throw new Error('no permessage-deflate agreement on this peer');
    return this.codec;
  }

  /** Feeds bytes the client wrote. */
  receive(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) {
      this.frames.push(frame);
      this.chain = this.chain.then(() => this.handleFrame(frame)).then(() => this.notify());
    }
  }

  private async handleFrame(frame: ClientFrame): Promise<void> {
    if (frame.opcode >= 8) {
      if (frame.opcode === 8) {
        const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined;
        this.events.push({ type: 'close', code, reason: frame.payload.subarray(2) });
      } else if (frame.opcode === 9 || frame.opcode === 10) {
        this.events.push({ type: frame.opcode === 9 ? 'ping' : 'pong', data: frame.payload });
      } else this.events.push({ type: 'invalid', detail: `reserved opcode ${frame.opcode}` });
      return;
    }
    if ((frame.opcode === 0) !== (this.fragments.length > 0)) {
      this.events.push({ type: 'invalid', detail: `unexpected opcode ${frame.opcode} (fragments open: ${this.fragments.length})` });
      this.fragments = [];
      return;
    }
    this.fragments.push(frame);
    if (!frame.fin) return;
    const [first] = this.fragments;
    const payload = this.fragments.length === 1 ? first!.payload : Buffer.concat(this.fragments.map((f) => f.payload));
    const laterRsv1 = this.fragments.slice(1).some((f) => f.rsv1);
    this.fragments = [];
    if (laterRsv1) this.events.push({ type: 'invalid', detail: 'RSV1 set on a continuation frame' });
    if (first!.rsv2 || first!.rsv3 || (first!.rsv1 && !this.codec)) {
      this.events.push({ type: 'invalid', detail: 'reserved bit set without an extension' });
      return;
    }
    const type = first!.opcode === 1 ? 'text' : first!.opcode === 2 ? 'binary' : undefined;
    if (!type) {
      this.events.push({ type: 'invalid', detail: `data opcode ${first!.opcode}` });
      return;
    }
    if (!first!.rsv1) {
      this.events.push({ type, data: payload, compressed: false });
      return;
    }
    try {
      this.events.push({ type, data: await this.codec!.decompress(payload), compressed: true });
    } catch (error) {
      this.events.push({ type: 'invalid', detail: `client's compressed data does not inflate: ${(error as Error).message}` });
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves once `predicate(events)` holds; rejects after `timeoutMs` with what was seen. */
  waitFor(predicate: (events: ClientEvent[]) => boolean, timeoutMs = 5000, what = 'client events'): Promise<void> {
    if (predicate(this.events)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate(this.events)) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw ${this.events.length} events: ${describeEvents(this.events)}`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  /** Waits until the client has sent `count` events in total. */
  waitForCount(count: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor((events) => events.length >= count, timeoutMs, `${count} client events`);
  }

  /** Waits for the client's close frame. */
  async waitForClose(timeoutMs = 5000): Promise<Extract<ClientEvent, { type: 'close' }>> {
    await this.waitFor((events) => events.some((e) => e.type === 'close'), timeoutMs, 'a close frame');
    return this.events.find((e) => e.type === 'close') as Extract<ClientEvent, { type: 'close' }>;
  }

  /** Writes `data`, cut as `split` says, yielding to the event loop between the pieces. */
  async write(data: Buffer, split?: Split): Promise<void> {
    await writeSplit(this.socket, data, split);
  }

  /** Sends TCP FIN. */
  end(): void {
    this.socket.end();
  }
}

async function writeSplit(socket: Socket, data: Buffer, split: Split): Promise<void> {
  if (socket.destroyed) return;
  const cuts: number[] = [];
  if (split === 'bytes') for (let i = 1; i < data.length; i++) cuts.push(i);
  else if (split && 'every' in split) for (let i = split.every; i < data.length; i += split.every) cuts.push(i);
  else if (split) cuts.push(...split.at.filter((at) => at > 0 && at < data.length));
  let start = 0;
  for (const cut of [...cuts, data.length]) {
    if (socket.destroyed) return;
    const ok = socket.write(data.subarray(start, cut));
    start = cut;
    if (!ok) await new Promise((resolve) => socket.once('drain', resolve));
    if (cuts.length > 0) await tick();
  }
}

/** Compact description of client events for failure messages. */
export function describeEvents(events: ClientEvent[]): string {
  const parts = events.map((e) => {
    if (e.type === 'close') return `close(${e.code ?? 'none'}${e.reason.length ? `, "${e.reason.toString()}"` : ''})`;
    if (e.type === 'invalid') return `invalid(${e.detail})`;
    const shown = e.data.length <= 24 ? JSON.stringify(e.data.toString('latin1')) : `${e.data.length} bytes`;
    return `${e.type}(${shown})`;
  });
  return `[${parts.join(', ')}]`;
}

/** A listening peer; `connection` resolves with the first client's connection after the 101. */
export interface RawPeer {
  url: string;
  port: number;
  connection: Promise<PeerConnection>;
  /** The raw request head; also set when no 101 was written. */
  request: Promise<HandshakeRequest>;
  /** Resolves when the first accepted socket closed (any outcome). */
  socketClosed: Promise<void>;
  /** Problems with the client's request (RFC 6455 §4.1). */
  requestProblems: () => string[];
  stop(): Promise<void>;
}

/** Starts a peer on 127.0.0.1 with an ephemeral port. */
export async function startRawPeer(options: PeerOptions = {}): Promise<RawPeer> {
  const sockets = new Set<Socket>();
  let resolveConnection!: (c: PeerConnection) => void;
  let resolveRequest!: (r: HandshakeRequest) => void;
  let resolveSocketClosed!: () => void;
  const connection = new Promise<PeerConnection>((resolve) => (resolveConnection = resolve));
  const request = new Promise<HandshakeRequest>((resolve) => (resolveRequest = resolve));
  const socketClosed = new Promise<void>((resolve) => (resolveSocketClosed = resolve));
  let problems: string[] = [];
  let accepted = false;
  const onSocket = (socket: Socket): void => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
    if (accepted) return void socket.destroy();
    accepted = true;
    socket.once('close', () => resolveSocketClosed());
    let head = Buffer.alloc(0);
    let conn: PeerConnection | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (conn) return conn.receive(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > (options.maxRequestBytes ?? 65536)) socket.destroy();
        return;
      }
      const req = parseRequest(head.subarray(0, end).toString('latin1'));
      problems = checkRequest(req);
      resolveRequest(req);
      const plan: ResponsePlan = { ...options.response };
      if (options.deflate) plan.extraHeaders = [...(plan.extraHeaders ?? []), formatAgreementLine(options.deflate)];
      const response = Buffer.concat([buildResponse(req, plan), options.afterResponse ?? Buffer.alloc(0)]);
      conn = new PeerConnection(socket, req, options.deflate);
      const rest = head.subarray(end + 4);
      if (rest.length > 0) conn.receive(rest);
      void writeSplit(socket, response, options.responseSplit).then(() => resolveConnection(conn!));
    });
  };
  const server: Server = options.tls === undefined ? createServer(onSocket) : createTlsServer(options.tls, onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `${options.tls === undefined ? 'ws' : 'wss'}://127.0.0.1:${port}/`,
    port,
    connection,
    request,
    socketClosed,
    requestProblems: () => problems,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
