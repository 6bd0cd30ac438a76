import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
// The built core, as a server on `ws` would use it (not the sources).
import { Reassembler } from '../../../packages/core/dist/index.js';

/** A whole message the server received (after reassembly when `reassemble` is on). */
export interface ReceivedMessage {
  isText: boolean;
  bytes: number;
  sha256: string;
  /** The text, for text messages. */
  text?: string;
}

/** What the server saw on one WebSocket connection. */
export interface ConnectionRecord {
  id: number;
  openedAt: number;
  socket: WebSocket;
  messages: ReceivedMessage[];
  /** Binary WebSocket messages as they arrived (chunks, before reassembly). */
  rawBinaryMessages: number;
  /** Heartbeat probes (the text `ping`) received. */
  pings: number;
  /** When set, probes are no longer answered and nothing is sent (TCP stays open). */
  muted: boolean;
  /** Reassembly errors (`ERR_CHUNK_*`). */
  chunkErrors: string[];
  closed?: { code: number; reason: string };
}

/** Knobs of {@link ControlledServer}. */
export interface ControlledServerOptions {
  /** Feed binary messages to core's `Reassembler` (chunk envelopes of the browser client). */
  reassemble?: boolean;
  /** New connections start muted (they never answer `ping`). */
  muteNewConnections?: boolean;
}

/**
 * A `ws` server on 127.0.0.1 that a test drives: kill it (every TCP connection destroyed, the
 * port released), restart it on the same port, mute connections, close them with a code, or
 * hold handshakes unanswered. It records every upgrade request and every message, in order.
 */
export class ControlledServer {
  readonly connections: ConnectionRecord[] = [];
  /** Upgrade requests received (including held and refused ones). */
  upgradeRequests = 0;
  /** TCP connections accepted. */
  tcpConnections = 0;
  /** When true, upgrade requests get no answer at all (the attempt hangs). */
  holdHandshakes = false;
  /** Called when a connection opens (e.g. to close it at once). */
  onConnection: ((record: ConnectionRecord) => void) | undefined;
  private http: Server | undefined;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  private readonly sockets = new Set<Socket>();
  private portNumber = 0;

  private constructor(private readonly options: ControlledServerOptions) {}

  /** Start on a free port of 127.0.0.1. */
  static async start(options: ControlledServerOptions = {}): Promise<ControlledServer> {
    const server = new ControlledServer(options);
    await server.listen(0);
    return server;
  }

  get port(): number {
    return this.portNumber;
  }

  /** The WebSocket URL of this server. */
  get url(): string {
    return `ws://127.0.0.1:${this.portNumber}/ws`;
  }

  get isRunning(): boolean {
    return this.http !== undefined;
  }

  /** Connections whose WebSocket handshake completed. */
  get openCount(): number {
    return this.connections.length;
  }

  /** TCP connections currently open (including upgrades held unanswered). */
  get openTcpSockets(): number {
    return this.sockets.size;
  }

  /** Start listening again on the same port. */
  async restart(): Promise<void> {
    if (this.http !== undefined) throw new Error('the server is already running');
    await this.listen(this.portNumber);
  }

  /** Kill: destroy every TCP connection without a close frame and stop listening. */
  async kill(): Promise<void> {
    const http = this.http;
    if (http === undefined) return;
    this.http = undefined;
    for (const record of this.connections) record.socket.terminate();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  /** Make every open connection stop answering (TCP stays open, no traffic from the server). */
  muteAll(): void {
    for (const record of this.connections) record.muted = true;
  }

  /** Close every open connection with `code` (a clean close handshake). */
  closeAll(code: number, reason = ''): void {
    for (const record of this.connections) {
      if (record.closed === undefined) record.socket.close(code, reason);
    }
  }

  private async listen(port: number): Promise<void> {
    const http = createServer((_request, response) => response.writeHead(426).end('WebSocket only'));
    http.on('connection', (socket: Socket) => {
      this.tcpConnections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {}); // resets from a client that went away end in 'close'
    });
    http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(request, socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => resolve());
    });
    this.portNumber = (http.address() as AddressInfo).port;
    this.http = http;
  }

  private upgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    this.upgradeRequests++;
    if (this.holdHandshakes) {
      // Never answered. Node keeps upgrade sockets half-open: close our side when the client does.
      socket.on('end', () => socket.destroy());
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  private accept(socket: WebSocket): void {
    const record: ConnectionRecord = {
      id: this.connections.length,
      openedAt: Date.now(),
      socket,
      messages: [],
      rawBinaryMessages: 0,
      pings: 0,
      muted: this.options.muteNewConnections === true,
      chunkErrors: [],
    };
    this.connections.push(record);
    const reassembler = this.options.reassemble ? new Reassembler() : undefined;
    socket.on('close', (code, reason) => (record.closed = { code, reason: reason.toString() }));
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        const text = data.toString('utf8');
        if (text === 'ping') {
          record.pings++;
          if (!record.muted) socket.send('pong');
          return;
        }
        record.messages.push(describe(true, data, text));
        return;
      }
      record.rawBinaryMessages++;
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (reassembler === undefined) return void record.messages.push(describe(false, bytes));
      const result = reassembler.push(bytes);
      if (result.kind === 'error') record.chunkErrors.push(result.error.code);
      else if (result.kind === 'message') {
        const text = result.isText ? Buffer.from(result.data).toString('utf8') : undefined;
        record.messages.push(describe(result.isText, result.data, text));
      }
    });
    this.onConnection?.(record);
  }
}

function describe(isText: boolean, bytes: Uint8Array, text?: string): ReceivedMessage {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Keep short texts for order checks; a hash is enough for big ones.
  return { isText, bytes: bytes.byteLength, sha256, text: text !== undefined && text.length <= 4096 ? text : undefined };
}
