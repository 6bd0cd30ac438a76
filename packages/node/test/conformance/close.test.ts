/**
 * Autobahn 7.x — the closing handshake (RFC 6455 §5.5.1, §7): the client echoes a valid close code,
 * fails with 1002 on a code that may not be received or a 1-byte payload, with 1007 on a reason
 * that is not UTF-8, ignores everything after the close frame, and never hangs whoever closes TCP.
 */
import { describe, expect, it } from 'vitest';
import { Op, buildFrame, close, ping, text } from './harness/frame-builder.js';
import { defineCases, expectClose, expectText, failedWith, normalClose } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';
import { startRawPeer } from './harness/raw-peer.js';
import { startTestee, withTimeout } from './harness/testee.js';

const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535];
const { client: closed, user } = normalClose();

const cases: ConformanceCase[] = [
  ...VALID_CODES.map((code): ConformanceCase => ({
    name: `echoes a close frame with the valid code ${code}`,
    steps: [{ send: close(code) }],
    ...normalClose(code),
    client: [expectClose(code)],
  })),
  // RFC 6455 §7.4.1, §7.4.2 and the IANA registry: these codes may not appear on the wire.
  ...INVALID_CODES.map((code): ConformanceCase => ({
    name: `fails the connection with 1002 on a close frame with the invalid code ${code}`,
    steps: [{ send: close(code) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  })),
  {
    name: 'answers a close frame without payload with an empty close or 1000',
    steps: [{ send: close() }],
    client: [expectClose([undefined, 1000])],
    user: { code: 1005, wasClean: true },
  },
  // RFC 6455 §5.5.1: a body, if any, starts with a 2-byte code.
  {
    name: 'fails the connection with 1002 on a close frame with a 1-byte payload',
    steps: [{ send: buildFrame({ opcode: Op.Close, payload: Buffer.from([0x03]) }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    name: 'echoes a close frame with code and a reason, and reports the reason to the user',
    steps: [{ send: close(1000, 'Hello World!') }],
    client: [expectClose(1000)],
    user,
    check: ({ closeEvent }) => void expect(closeEvent.reason).toBe('Hello World!'),
  },
  {
    name: 'accepts a close frame with a 123-byte reason (125-byte payload)',
    steps: [{ send: close(1000, '*'.repeat(123)) }],
    client: [expectClose(1000)],
    user,
    check: ({ closeEvent }) => void expect(closeEvent.reason).toBe('*'.repeat(123)),
  },
  {
    name: 'fails the connection with 1002 on a close frame with a 124-byte reason (126-byte payload)',
    steps: [{ send: close(1000, '*'.repeat(124)) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  // RFC 6455 §8.1 applies to the close reason too.
  {
    name: 'fails the connection with 1007 on a close reason that is not valid UTF-8',
    steps: [{ send: close(1000, Buffer.from('cebae1bdb9cf83cebcceb5eda080656469746564', 'hex')) }],
    client: [expectClose(1007)],
    user: failedWith(1007),
  },
  {
    name: 'echoes a message, then the close frame that follows it',
    steps: [{ send: [text('Hello World!'), close(1000)] }],
    client: [expectText('Hello World!'), closed],
    user,
  },
  {
    name: 'sends exactly one close frame when the server sends two',
    steps: [{ send: [close(1000), close(1001)] }],
    client: [closed],
    user,
  },
  {
    name: 'does not answer a ping that follows the close frame',
    steps: [{ send: [close(1000), ping('after close')] }, { delayMs: 50 }],
    client: [closed],
    user,
  },
  {
    name: 'does not deliver or echo a text message that follows the close frame',
    steps: [{ send: [close(1000), text('after close')] }, { delayMs: 50 }],
    client: [closed],
    user,
  },
  {
    name: 'does not deliver a fragmented message completed after the close frame',
    steps: [{ send: [text('fragment1', { fin: false }), close(1000), buildFrame({ opcode: Op.Cont, payload: 'fragment2' })] }, { delayMs: 50 }],
    client: [closed],
    user,
  },
  {
    name: 'ignores garbage after the close frame',
    steps: [{ send: [close(1000), Buffer.from([0xff, 0xff, 0xff, 0xff])] }, { delayMs: 50 }],
    client: [closed],
    user,
  },
  {
    name: 'echoes 10 messages of 64 KiB, answers a ping, then closes',
    steps: [{ send: [...Array.from({ length: 10 }, (_, i) => text(String(i).repeat(65536))), ping('last'), close(1000)] }],
    client: [...Array.from({ length: 10 }, (_, i) => expectText(String(i).repeat(65536))), { type: 'pong', data: 'last' }, closed],
    user,
  },
];

describe('closing handshake (Autobahn 7.x)', () => {
  defineCases(cases);

  it('reports 1006 and does not hang when the server drops TCP without a close frame', async () => {
    const peer = await startRawPeer();
    const testee = await startTestee(peer.url);
    const conn = await withTimeout(peer.connection, 5000, 'connection');
    await conn.write(text('hello'));
    await conn.waitForCount(1);
    conn.end();
    const event = await withTimeout(testee.closed, 2000, 'close event after TCP FIN');
    expect(event).toMatchObject({ code: 1006, wasClean: false });
    await peer.stop();
  });

  it('reports 1006 when the server resets the connection', async () => {
    const peer = await startRawPeer();
    const testee = await startTestee(peer.url);
    const conn = await withTimeout(peer.connection, 5000, 'connection');
    conn.socket.resetAndDestroy();
    const event = await withTimeout(testee.closed, 2000, 'close event after RST');
    expect(event).toMatchObject({ code: 1006, wasClean: false });
    await peer.stop();
  });

  it('closes cleanly without hanging when the server sends its close and closes TCP at once', async () => {
    const peer = await startRawPeer();
    const testee = await startTestee(peer.url);
    const conn = await withTimeout(peer.connection, 5000, 'connection');
    conn.socket.end(close(1000, 'bye'));
    const event = await withTimeout(testee.closed, 2000, 'close event');
    expect(event).toMatchObject({ code: 1000, reason: 'bye' });
    await peer.stop();
  });

  it('closes TCP itself within its close timeout when the server never closes TCP after the closing handshake', async () => {
    const peer = await startRawPeer();
    const testee = await startTestee(peer.url);
    const conn = await withTimeout(peer.connection, 5000, 'connection');
    await conn.write(close(1000));
    expect((await conn.waitForClose()).code).toBe(1000);
    // RFC 6455 §7.1.1: the client SHOULD wait for the server to close TCP, and MAY close it after a timeout.
    await withTimeout(conn.tcpEnded, 7000, 'the client to close TCP (default closeTimeoutMs 5000)');
    const event = await withTimeout(testee.closed, 2000, 'close event');
    expect(event).toMatchObject({ code: 1000, wasClean: true });
    await peer.stop();
  }, 15_000);
});
