// Fault: a peer that goes silent. connect()'s heartbeat must detect a peer that stops answering
// pings; a peer that never answers our close frame must not keep the socket alive past
// closeTimeoutMs; a peer that resets the connection during a large send must surface as an
// error and a 1006 close, with drained() rejecting instead of hanging.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, ConnectionClosedError, TimeoutError } from '../../src/index.js';
import { codeOf, observe } from '../security/helpers.js';
import { closeScriptedPeers, startScriptedPeer, type PeerSide, type ScriptedPeer } from './scripted-peer.js';

let peer: ScriptedPeer;
afterEach(closeScriptedPeers);

describe('silent peers', () => {
  it('connect() heartbeat detects a peer that stays silent after open', async () => {
    peer = await startScriptedPeer((side) => side.accept([], { answerClose: false }));
    const client = connect(peer.url, {
      reconnect: false, heartbeat: { intervalMs: 100, timeoutMs: 150, lateToleranceMs: 1_000 }, closeTimeoutMs: 200,
    });
    const closes: Array<{ code: number; reason: string; willReconnect: boolean }> = [];
    client.on('close', (event) => closes.push(event));
    await client.opened;
    const openedAt = Date.now();
    await new Promise<void>((resolve) => client.on('state', (s) => s === 'closed' && resolve()));
    const detectedAfter = Date.now() - openedAt;
    expect(detectedAfter).toBeGreaterThanOrEqual(200);
    expect(detectedAfter).toBeLessThan(2_000);
    expect(closes).toEqual([expect.objectContaining({ code: 1006, willReconnect: false })]);
    // The probes were real pings, and the dead connection's socket is torn down.
    expect(peer.sides[0].frames().some((f) => f.opcode === 9)).toBe(true);
    await peer.sides[0].closed;
  });

  it('a peer that answers pings is not declared dead', async () => {
    peer = await startScriptedPeer((side) => side.accept());
    const client = connect(peer.url, { reconnect: false, heartbeat: { intervalMs: 50, timeoutMs: 100 } });
    await client.opened;
    // The scripted peer does not answer pings itself: answer them from here.
    const side = peer.sides[0];
    const answered = new Set<number>();
    const timer = setInterval(() => {
      side.frames().forEach((f, i) => {
        if (f.opcode !== 9 || answered.has(i)) return;
        answered.add(i);
        side.socket.write(Buffer.concat([Buffer.from([0x8a, f.payload.length]), Buffer.from(f.payload)]));
      });
    }, 10);
    await new Promise((resolve) => setTimeout(resolve, 600));
    clearInterval(timer);
    expect(client.state).toBe('open');
    expect(answered.size).toBeGreaterThanOrEqual(3);
    await client.close();
  });

  it('destroys the socket after closeTimeoutMs when the peer never answers our close', async () => {
    peer = await startScriptedPeer((side) => side.accept([], { answerClose: false }));
    const seen = observe(peer.url, undefined, { closeTimeoutMs: 250 });
    await once(seen.ws, 'open');
    const started = Date.now();
    seen.ws.close(1000, 'bye');
    const close = await seen.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(seen.events).toEqual(['open', 'error', 'close']);
    expect(seen.error).toBeInstanceOf(TimeoutError);
    expect(close.wasClean).toBe(false);
    expect(close.code).toBe(1006);
    const side = peer.sides[0];
    expect(side.frames().filter((f) => f.opcode === 8)).toHaveLength(1);
    await side.closed;
  });
});

describe('connection reset during a large send', () => {
  it('surfaces the reset as error + close 1006, and drained() rejects instead of hanging', async () => {
    let resolveSide!: (side: PeerSide) => void;
    const sideReady = new Promise<PeerSide>((resolve) => (resolveSide = resolve));
    peer = await startScriptedPeer((side) => {
      side.accept();
      resolveSide(side);
    });
    const seen = observe(peer.url);
    await once(seen.ws, 'open');
    const side = await sideReady;
    const payload = new Uint8Array(32 * 1024 * 1024);
    seen.ws.send(payload);
    seen.ws.send('after the big one');
    expect(seen.ws.bufferedAmount).toBeGreaterThan(0);
    const drained = seen.ws.drained();
    // Read a little, then reset (RST) the connection mid-transfer.
    await new Promise((resolve) => setTimeout(resolve, 20));
    side.socket.resetAndDestroy();
    const close = await seen.closed;
    expect(close.code).toBe(1006);
    expect(seen.events).toEqual(['open', 'error', 'close']);
    expect(['ECONNRESET', 'EPIPE', 'ERR_ABNORMAL_CLOSURE']).toContain(codeOf(seen.error));
    await expect(drained).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(() => seen.ws.send('late')).not.toThrow();
  });
});
