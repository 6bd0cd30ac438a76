/**
 * A scriptable raw TCP peer on 127.0.0.1 for fault and attack tests: it reads the Upgrade
 * request, then does exactly what the test says (answer, drip, stall, reset, send hostile
 * frames) and records what the client wrote, decoded into frames.
 */
import type { Socket } from 'node:net';
import { readClientFrames, type ClientFrame } from '../../../core/test/fuzz/client-frames.js';
import { switchingProtocols } from '../support/handshake.js';
import { readRequestHead, startRawServer } from '../support/servers.js';

/** One accepted TCP connection, as the peer sees it. */
export interface PeerSide {
  readonly socket: Socket;
  /** The request head, without the final blank line. */
  readonly head: string;
  readonly key: string;
  /**
   * Answer the handshake with a 101 (plus extra header lines) and start recording frames. Unless
   * `answerClose` is false, a close frame from the client is echoed and the TCP connection ended.
   */
  accept(extra?: string[], options?: { answerClose?: boolean }): void;
  /** Every frame the client wrote after the 101, so far. */
  frames(): ClientFrame[];
  /** Resolves once the client wrote a frame that `match` accepts. */
  waitForFrame(match: (frame: ClientFrame) => boolean): Promise<ClientFrame>;
  /** Resolves when the client's side of the TCP connection is gone. */
  readonly closed: Promise<void>;
}

/** A listening peer; `script` runs for every connection after its request head arrived. */
export interface ScriptedPeer {
  readonly port: number;
  readonly url: string;
  /** Connections accepted so far (including ones that never sent a request head). */
  readonly accepted: number;
  readonly sides: PeerSide[];
  close(): Promise<void>;
}

/** Peers started and not yet closed, for {@link closeScriptedPeers}. */
const running = new Set<ScriptedPeer>();

/** Closes every peer still running: a test file's `afterEach(closeScriptedPeers)`. */
export async function closeScriptedPeers(): Promise<void> {
  const peers = [...running];
  running.clear();
  await Promise.all(peers.map((peer) => peer.close()));
}

/** Starts a peer; `script(side)` decides what happens on each connection. */
export async function startScriptedPeer(script: (side: PeerSide) => void | Promise<void>): Promise<ScriptedPeer> {
  const sides: PeerSide[] = [];
  let accepted = 0;
  const raw = await startRawServer((socket) => {
    accepted++;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    readRequestHead(socket).then(({ head, key }) => {
      const received: Buffer[] = [];
      const waiters: Array<() => void> = [];
      const side: PeerSide = {
        socket, head, key, closed,
        accept(extra = [], { answerClose = true } = {}) {
          let answered = false;
          socket.on('data', (chunk: Buffer) => {
            received.push(chunk);
            for (const waiter of waiters.splice(0)) waiter();
            const close = answerClose && !answered ? side.frames().find((f) => f.opcode === 8) : undefined;
            if (close !== undefined) {
              answered = true;
              socket.end(frame(8, close.payload.subarray(0, 2)));
            }
          });
          socket.write(switchingProtocols(key, extra));
        },
        frames() {
          const frames = readClientFrames(received, true);
          return typeof frames === 'string' ? [] : frames;
        },
        waitForFrame(match) {
          return new Promise((resolve, reject) => {
            const check = (): void => {
              const found = side.frames().find(match);
              if (found !== undefined) resolve(found);
              else if (socket.destroyed) reject(new Error('peer socket closed before the expected frame'));
              else waiters.push(check);
            };
            socket.once('close', () => waiters.length > 0 && check());
            check();
          });
        },
      };
      sides.push(side);
      return script(side);
    }).catch(() => undefined);
  });
  const peer: ScriptedPeer = {
    port: raw.port,
    url: `ws://127.0.0.1:${raw.port}/`,
    get accepted() { return accepted; },
    sides,
    close: () => {
      running.delete(peer);
      return raw.close();
    },
  };
  running.add(peer);
  return peer;
}

/** An unmasked server frame of any length (RFC 6455 §5.2, minimal length encoding). */
export function frame(opcode: number, payload: Uint8Array | string = new Uint8Array(0), options: { fin?: boolean; rsv1?: boolean } = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const n = body.length;
  const head = n < 126 ? Buffer.from([0, n]) : n < 0x10000 ? Buffer.from([0, 126, n >> 8, n & 0xff]) : Buffer.alloc(10);
  if (n >= 0x10000) {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  head[0] = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | opcode;
  return Buffer.concat([head, body]);
}

/** The close code in a close frame's payload. */
export function closeCodeOf(f: ClientFrame): number | undefined {
  return f.payload.length >= 2 ? (f.payload[0] << 8) | f.payload[1] : undefined;
}

/** Resolves after `ms`. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
