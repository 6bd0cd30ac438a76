/**
 * permessage-deflate edges at the message-size limit and in the wire format (RFC 7692 §6, §7.2.2,
 * §8; issue 3: "maxMessageBytes enforced on the inflated size"). The testee's limit is 64 MiB;
 * these use a small `maxMessageBytes` so that the same rule is cheap to exercise.
 */
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Op, buildFrame, close, pseudoRandomBytes } from '../conformance/harness/frame-builder.js';
import { DEFLATE_TAIL } from '../conformance/harness/peer-deflate.js';
import { withTimeout } from '../conformance/harness/testee.js';
import { startEchoSession, stopEchoSessions, type EchoSession } from './support/echo-session.js';

const LIMIT = 4096;
let session: EchoSession;
afterEach(stopEchoSessions);

/** Raw deflate of `data` ending at a sync flush, tail stripped (RFC 7692 §7.2.1). */
function compress(data: Buffer): Buffer {
  const out = zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
}

async function echoOf(payload: Buffer, frames: Buffer[]): Promise<void> {
  session = await startEchoSession({ maxMessageBytes: LIMIT, perMessageDeflate: true }, { deflate: {} });
  const { conn } = session;
  await conn.write(Buffer.concat(frames));
  await conn.waitFor((events) => events.length > 0, 3000, 'the echo');
  expect(conn.events[0], `client sent ${JSON.stringify(conn.events[0])}`).toMatchObject({ type: 'binary' });
  expect((conn.events[0] as { data: Buffer }).data.equals(payload)).toBe(true);
  await conn.write(close(1000));
  expect((await conn.waitForClose()).code).toBe(1000);
}

describe('permessage-deflate at the message-size limit', () => {
  it('accepts a compressible message that inflates to exactly maxMessageBytes', async () => {
    const payload = Buffer.alloc(LIMIT, 0x61);
    await echoOf(payload, [buildFrame({ opcode: Op.Binary, rsv1: true, payload: compress(payload) })]);
  });

  it('accepts an incompressible message of exactly maxMessageBytes whose compressed form is a few bytes larger', async () => {
    // Deflate stores random data in stored blocks: the wire payload is LIMIT + ~5 bytes, but the
    // message — what maxMessageBytes limits after inflation — is exactly LIMIT bytes.
    const payload = pseudoRandomBytes(LIMIT, 7);
    const compressed = compress(payload);
    expect(compressed.length).toBeGreaterThan(LIMIT);
    await echoOf(payload, [buildFrame({ opcode: Op.Binary, rsv1: true, payload: compressed })]);
  });

  it('accepts the same incompressible message when its compressed payload is fragmented', async () => {
    const payload = pseudoRandomBytes(LIMIT, 8);
    const compressed = compress(payload);
    const half = compressed.length >> 1;
    await echoOf(payload, [
      buildFrame({ opcode: Op.Binary, rsv1: true, fin: false, payload: compressed.subarray(0, half) }),
      buildFrame({ opcode: Op.Cont, payload: compressed.subarray(half) }),
    ]);
  });

  it('fails with 1009 on a message that inflates to maxMessageBytes + 1', async () => {
    session = await startEchoSession({ maxMessageBytes: LIMIT, perMessageDeflate: true }, { deflate: {} });
    await session.conn.write(buildFrame({ opcode: Op.Binary, rsv1: true, payload: compress(Buffer.alloc(LIMIT + 1, 0x61)) }));
    expect((await session.conn.waitForClose(3000)).code).toBe(1009);
  });
});

describe('permessage-deflate wire edges', () => {
  it('echoes an empty compressed message sent as an empty payload with RSV1', async () => {
    await echoOf(Buffer.alloc(0), [buildFrame({ opcode: Op.Binary, rsv1: true, payload: Buffer.alloc(0) })]);
  });

  it('echoes an empty compressed message sent as the single byte 0x00 (zlib output for empty input)', async () => {
    await echoOf(Buffer.alloc(0), [buildFrame({ opcode: Op.Binary, rsv1: true, payload: compress(Buffer.alloc(0)) })]);
  });

  it('inflates a message whose sender kept the 00 00 ff ff tail, split across two fragments', async () => {
    const payload = Buffer.from('tail kept and split '.repeat(20));
    const full = zlib.deflateRawSync(payload, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(full.subarray(full.length - 4).equals(DEFLATE_TAIL)).toBe(true);
    await echoOf(payload, [
      buildFrame({ opcode: Op.Binary, rsv1: true, fin: false, payload: full.subarray(0, full.length - 2) }),
      buildFrame({ opcode: Op.Cont, payload: full.subarray(full.length - 2) }),
    ]);
  });

  it('fails with 1002 on a compressed close frame (RSV1 on a control frame)', async () => {
    session = await startEchoSession({ perMessageDeflate: true }, { deflate: {} });
    await session.conn.write(buildFrame({ opcode: Op.Close, rsv1: true, payload: Buffer.from([0x03, 0xe8]) }));
    expect((await session.conn.waitForClose(3000)).code).toBe(1002);
    const event = await withTimeout(session.closed, 3000, 'close event');
    expect([1002, 1006]).toContain(event.code);
  });
});
