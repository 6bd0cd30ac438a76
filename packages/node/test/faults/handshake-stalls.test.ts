// Fault: a peer that accepts TCP and stalls the Upgrade, or drips it. The handshake deadline
// (handshakeTimeoutMs) is a total deadline, so a slow drip of a valid answer succeeds while it
// fits, and a slowloris drip fails with the same TimeoutError as silence.
import { afterEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/index.js';
import { switchingProtocols } from '../support/handshake.js';
import { codeOf, observe } from '../security/helpers.js';
import { closeScriptedPeers, frame, startScriptedPeer, type PeerSide, type ScriptedPeer } from './scripted-peer.js';

let peer: ScriptedPeer;
afterEach(closeScriptedPeers);

/** Writes `bytes` one byte every `everyMs`, until done or the socket closes. */
function drip(side: PeerSide, bytes: Buffer, everyMs: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (side.socket.destroyed || at >= bytes.length) {
      clearInterval(timer);
      return;
    }
    side.socket.write(bytes.subarray(at, ++at));
  }, everyMs);
  side.socket.once('close', () => clearInterval(timer));
}

describe('handshake stalls', () => {
  it('fires handshakeTimeoutMs when the peer accepts TCP but never answers the Upgrade', async () => {
    peer = await startScriptedPeer(() => undefined);
    const started = Date.now();
    const seen = observe(peer.url, undefined, { handshakeTimeoutMs: 300 });
    const close = await seen.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(seen.events).toEqual(['error', 'close']);
    expect(seen.error).toBeInstanceOf(TimeoutError);
    expect(codeOf(seen.error)).toBe('ERR_HANDSHAKE_TIMEOUT');
    expect(close.code).toBe(1006);
    await peer.sides[0].closed;
  });

  it('opens when the 101 and the first frame arrive one byte at a time within the deadline', async () => {
    peer = await startScriptedPeer((side) => {
      // A short but complete 101 (status line and the three required headers).
      drip(side, Buffer.concat([Buffer.from(switchingProtocols(side.key).replace(' Switching Protocols', '')), frame(1, 'hi')]), 12);
    });
    const seen = observe(peer.url, undefined, { handshakeTimeoutMs: 5_000, closeTimeoutMs: 100 });
    await new Promise((resolve) => seen.ws.addEventListener('message', resolve, { once: true }));
    expect(seen.events).toEqual(['open', 'message']);
    expect(seen.messages).toEqual(['hi']);
    seen.ws.close();
    await seen.closed;
  });

  it('opens when the first bytes of the 101 come one per 100 ms', async () => {
    peer = await startScriptedPeer((side) => {
      const answer = Buffer.from(switchingProtocols(side.key));
      drip(side, answer.subarray(0, 8), 100);
      setTimeout(() => side.socket.destroyed || side.socket.write(answer.subarray(8)), 900);
    });
    const seen = observe(peer.url, undefined, { handshakeTimeoutMs: 3_000, closeTimeoutMs: 100 });
    await new Promise((resolve) => seen.ws.addEventListener('open', resolve, { once: true }));
    expect(seen.events).toEqual(['open']);
    seen.ws.close();
    await seen.closed;
  });

  it('fails a slowloris drip (one byte per 100 ms) at the total deadline with ERR_HANDSHAKE_TIMEOUT', async () => {
    peer = await startScriptedPeer((side) => drip(side, Buffer.from(switchingProtocols(side.key)), 100));
    const seen = observe(peer.url, undefined, { handshakeTimeoutMs: 600 });
    expect((await seen.closed).code).toBe(1006);
    expect(seen.events).toEqual(['error', 'close']);
    expect(codeOf(seen.error)).toBe('ERR_HANDSHAKE_TIMEOUT');
  });
});
