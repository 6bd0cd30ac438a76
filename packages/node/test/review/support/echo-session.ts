/**
 * An echo client exactly like the independent testee (`onmessage = (e) => ws.send(e.data)`), but
 * with options a review test chooses, against the conformance raw peer. Records what the user saw.
 */
import { WebSocket } from '../../../src/index.js';
import type { WebSocketOptions } from '../../../src/index.js';
import { startRawPeer, type PeerConnection, type PeerOptions, type RawPeer } from '../../conformance/harness/raw-peer.js';
import { withTimeout, type UserEvent } from '../../conformance/harness/testee.js';

/** A running echo client and the peer it is connected to. */
export interface EchoSession {
  peer: RawPeer;
  conn: PeerConnection;
  ws: WebSocket;
  events: UserEvent[];
  closed: Promise<Extract<UserEvent, { type: 'close' }>>;
  stop: () => Promise<void>;
}

/** Sessions started and not yet stopped, for {@link stopEchoSessions}. */
const running = new Set<EchoSession>();

/** Stops every session still running: a test file's `afterEach(stopEchoSessions)`. */
export async function stopEchoSessions(): Promise<void> {
  const sessions = [...running];
  running.clear();
  await Promise.all(sessions.map((session) => session.stop()));
}

/** Starts a peer and an echo client with `options`; resolves once the 101 was written. */
export async function startEchoSession(options: WebSocketOptions, peerOptions: PeerOptions = {}): Promise<EchoSession> {
  const peer = await startRawPeer(peerOptions);
  const events: UserEvent[] = [];
  const ws = new WebSocket(peer.url, undefined, options);
  const closed = new Promise<Extract<UserEvent, { type: 'close' }>>((resolve) => {
    ws.onopen = () => void events.push({ type: 'open' });
    ws.onmessage = (e) => {
      const data = e.data as string | ArrayBuffer;
      events.push({ type: 'message', kind: typeof data === 'string' ? 'text' : 'binary', bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength });
      ws.send(data);
    };
    ws.onerror = (e) => void events.push({ type: 'error', error: e.error });
    ws.onclose = (e) => {
      const event = { type: 'close' as const, code: e.code, reason: e.reason, wasClean: e.wasClean };
      events.push(event);
      resolve(event);
    };
  });
  const conn = await withTimeout(peer.connection, 5000, 'the client to connect');
  const session: EchoSession = {
    peer, conn, ws, events, closed,
    stop: async () => {
      running.delete(session);
      await peer.stop();
      await withTimeout(closed, 2000, 'the client to close after the peer stopped').catch(() => undefined);
    },
  };
  running.add(session);
  return session;
}
