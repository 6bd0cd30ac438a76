/**
 * Issue 2: the decoder "checks limits before buffering a payload". For one frame it does (the
 * header's length against maxFrameBytes). For a fragmented message it does not: the header of a
 * continuation frame that takes the message past maxMessageBytes is accepted, and the client
 * buffers that frame's whole payload before failing with 1009 — so a hostile server can make it
 * hold about 2 × maxMessageBytes. The 1009 should come as soon as that header arrives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildHeaderOnly, cont, text } from '../conformance/harness/frame-builder.js';
import { startEchoSession, stopEchoSessions, type EchoSession } from './support/echo-session.js';

const LIMIT = 64 * 1024;
let session: EchoSession;
afterEach(stopEchoSessions);

describe('maxMessageBytes across fragments, checked from the frame header', () => {
  it('fails with 1009 when a continuation header announces more than the message has left, before its payload arrives', async () => {
    session = await startEchoSession({ maxMessageBytes: LIMIT });
    const { conn } = session;
    await conn.write(text(Buffer.alloc(40 * 1024, 0x61), { fin: false }));
    // A final continuation announcing 40 KiB (the message would be 80 KiB > 64 KiB); no payload follows.
    const header = buildHeaderOnly(0, 126, 40n * 1024n);
    await conn.write(header);
    expect((await conn.waitForClose(1500)).code).toBe(1009);
  });

  it('still echoes a fragmented message of exactly maxMessageBytes (control)', async () => {
    session = await startEchoSession({ maxMessageBytes: LIMIT });
    const { conn } = session;
    await conn.write(Buffer.concat([text(Buffer.alloc(LIMIT / 2, 0x62), { fin: false }), cont(Buffer.alloc(LIMIT / 2, 0x63))]));
    await conn.waitFor((events) => events.length > 0, 3000, 'the echo');
    expect(conn.events[0]).toMatchObject({ type: 'text' });
    expect((conn.events[0] as { data: Buffer }).data.length).toBe(LIMIT);
  });
});
