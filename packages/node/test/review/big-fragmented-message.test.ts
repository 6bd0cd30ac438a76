/**
 * Issue 3 §8 lists "big messages (up to 16 MiB, fragmented at 64 B .. 64 KiB)" among the Autobahn
 * 9.x categories. 16 MiB in 64-byte fragments is 262 144 fragments; with the default
 * maxFragments (65 536) the testee fails that message with 1009 although it is a quarter of
 * maxMessageBytes. (Issue 7 wants "100 000 one-byte fragments refused by a fragment limit": the
 * limit has to tell a flood of tiny fragments from a big message in 64-byte ones.)
 */
import { describe, expect, it } from 'vitest';
import { Op, close, fragment, pseudoRandomBytes } from '../conformance/harness/frame-builder.js';
import { startRawPeer } from '../conformance/harness/raw-peer.js';
import { startTestee, withTimeout } from '../conformance/harness/testee.js';

const MiB = 2 ** 20;

describe('a 16 MiB message in 64-byte fragments (testee options)', () => {
  it('echoes a 16 MiB binary message sent in 262 144 fragments of 64 bytes', async () => {
    const data = pseudoRandomBytes(16 * MiB, 16);
    const peer = await startRawPeer();
    const testee = await startTestee(peer.url);
    try {
      const conn = await withTimeout(peer.connection, 5000, 'connection');
      // Not awaited: if the client stops reading, the harness's write would wait for 'drain' forever.
      conn.socket.write(Buffer.concat(fragment(Op.Binary, data, 64)));
      await conn.waitFor((events) => events.length > 0, 30_000, 'the echo or a close');
      const first = conn.events[0]!;
      expect(first.type, `client sent ${first.type}${first.type === 'close' ? ` ${first.code}` : ''}`).toBe('binary');
      expect((first as { data: Buffer }).data.equals(data)).toBe(true);
      conn.socket.write(close(1000));
      expect((await conn.waitForClose()).code).toBe(1000);
    } finally {
      await peer.stop();
      await withTimeout(testee.closed, 2000, 'the testee to close').catch(() => undefined);
    }
  }, 60_000);
});
