import { describe, expect, it } from 'vitest';
import { WebSocket } from '../src/index.js';
import type { CloseEvent } from '../src/index.js';
import { switchingProtocols } from './support/handshake.js';
import { nextEvent, readRequestHead, startEchoServer, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

/** Active handles that would keep the process alive, by kind. */
function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('resources after close', () => {
  it('leaves no socket or timer behind after a clean close', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    await settle();
    const before = countResources();
    const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`, undefined, { handshakeTimeoutMs: 60_000, closeTimeoutMs: 60_000 });
    await nextEvent(ws, 'open');
    ws.close();
    await nextEvent(ws, 'close');
    await settle();
    const after = countResources();
    expect(after['TCPSocketWrap'] ?? 0).toBeLessThanOrEqual(before['TCPSocketWrap'] ?? 0);
    expect(after['Timeout'] ?? 0).toBeLessThanOrEqual(before['Timeout'] ?? 0);
  });

  it('destroys the socket when the server never completes the closing handshake', async () => {
    const peer = await startRawServer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(switchingProtocols(key));
      // Never answer the close frame and never close TCP.
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`, undefined, { closeTimeoutMs: 100 });
    await nextEvent(ws, 'open');
    const started = Date.now();
    ws.close(1000);
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(closed.wasClean).toBe(false);
    expect(closed.code).toBe(1006);
    await settle();
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBeLessThanOrEqual(1);
  });

  it('leaves nothing behind after a failed handshake', async () => {
    const peer = await startRawServer(() => undefined);
    cleanup.push(peer.close);
    await settle();
    const before = countResources();
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`, undefined, { handshakeTimeoutMs: 50 });
    await nextEvent(ws, 'close');
    await settle();
    const after = countResources();
    expect(after['TCPSocketWrap'] ?? 0).toBeLessThanOrEqual((before['TCPSocketWrap'] ?? 0) + 1); // the peer's side may linger until it sees FIN
    expect(after['Timeout'] ?? 0).toBeLessThanOrEqual(before['Timeout'] ?? 0);
  });
});
