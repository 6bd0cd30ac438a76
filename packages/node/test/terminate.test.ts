import { describe, expect, it } from 'vitest';
import { WebSocket } from '../src/index.js';
import type { CloseEvent, ErrorEvent } from '../src/index.js';
import { switchingProtocols } from './support/handshake.js';
import { nextEvent, readRequestHead, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

/** A peer that completes the opening handshake, then never answers anything. */
async function startSilentPeer(): Promise<number> {
  const peer = await startRawServer(async (socket) => {
    const { key } = await readRequestHead(socket);
    socket.write(switchingProtocols(key));
  });
  cleanup.push(peer.close);
  return peer.port;
}

function recordErrors(ws: WebSocket): unknown[] {
  const errors: unknown[] = [];
  ws.addEventListener('error', (event) => errors.push((event as ErrorEvent).error));
  return errors;
}

describe('WebSocket.terminate()', () => {
  it('destroys an open connection at once: close 1006, not clean, no error event', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${await startSilentPeer()}/`, undefined, { closeTimeoutMs: 60_000 });
    await nextEvent(ws, 'open');
    const errors = recordErrors(ws);
    const started = Date.now();
    ws.terminate();
    expect(ws.readyState).toBe(WebSocket.CLOSING);
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect({ code: closed.code, wasClean: closed.wasClean }).toEqual({ code: 1006, wasClean: false });
    expect(ws.readyState).toBe(WebSocket.CLOSED);
    expect(errors).toEqual([]);
  });

  it('skips the close timeout of a closing handshake the peer never answers', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${await startSilentPeer()}/`, undefined, { closeTimeoutMs: 60_000 });
    await nextEvent(ws, 'open');
    ws.close(1000);
    const started = Date.now();
    ws.terminate();
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(closed.code).toBe(1006);
    expect(closed.wasClean).toBe(false);
  });

  it('rejects pending pings and drained() when it terminates', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${await startSilentPeer()}/`);
    await nextEvent(ws, 'open');
    const ping = ws.ping();
    ws.terminate();
    await expect(ping).rejects.toMatchObject({ code: 'ERR_CONNECTION_CLOSED' });
    await expect(ws.drained()).rejects.toBeDefined();
  });

  it('abandons a connection attempt like close(): error, then close 1006', async () => {
    const peer = await startRawServer(() => undefined);
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`);
    const errors = recordErrors(ws);
    ws.terminate();
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(closed.code).toBe(1006);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ERR_CLOSED_DURING_HANDSHAKE' });
  });

  it('does nothing more when called again or after close', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${await startSilentPeer()}/`);
    await nextEvent(ws, 'open');
    let closes = 0;
    ws.addEventListener('close', () => closes++);
    ws.terminate();
    ws.terminate();
    await nextEvent(ws, 'close');
    ws.terminate();
    ws.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closes).toBe(1);
  });

  it('is what connect() uses to drop a dead connection (Connection.terminate)', () => {
    expect(typeof WebSocket.prototype.terminate).toBe('function');
  });
});
