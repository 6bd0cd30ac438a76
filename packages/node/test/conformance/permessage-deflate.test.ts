/**
 * Autobahn 12.x / 13.x — permessage-deflate (RFC 7692): the client accepts every valid server
 * answer (context takeover on/off for both sides, window bits 8..15), echoes compressed messages
 * of many sizes and fragmentations, and its own compressed output inflates: with one continuous
 * zlib stream when it keeps its context, with a fresh inflater per message when it agreed not to,
 * and within the window it agreed to.
 */
import { describe, expect } from 'vitest';
import { close, ping, pseudoRandomBytes } from './harness/frame-builder.js';
import { defineCases, expectBinary, expectPong, expectText, normalClose } from './harness/run-case.js';
import type { ConformanceCase, Expected } from './harness/run-case.js';
import type { DeflateAgreement } from './harness/peer-deflate.js';
import { compressibleText, sendCompressed } from './harness/send-compressed.js';

const FULL = process.env['CONFORMANCE_FULL'] === '1';
const { client: closed, user } = normalClose();
const SIZES = FULL ? [0, 1, 16, 64, 256, 1023, 1024, 1025, 4096, 16384, 65536, 131072, 2 ** 20] : [0, 16, 256, 1025, 4096, 65536, 2 ** 20];

function messagesFor(agreement: DeflateAgreement): Array<['text' | 'binary', Buffer]> {
  const period = (agreement.serverMaxWindowBits ?? 15) === 8 ? 50 : 300;
  const list: Array<['text' | 'binary', Buffer]> = SIZES.map((n, i) => ['text', compressibleText(n, period, i + 1)]);
  // The same message again: with context takeover the second copy refers to the first.
  list.push(['text', compressibleText(4096, period, 2)], ['text', compressibleText(4096, period, 2)]);
  list.push(['binary', pseudoRandomBytes(3000, 9)], ['binary', compressibleText(20000, period, 3)]);
  return list;
}

function describeAgreement(a: DeflateAgreement): string {
  const parts = [
    a.serverNoContextTakeover ? 'server_no_context_takeover' : '',
    a.clientNoContextTakeover ? 'client_no_context_takeover' : '',
    a.serverMaxWindowBits !== undefined ? `server_max_window_bits=${a.serverMaxWindowBits}` : '',
    a.clientMaxWindowBits !== undefined ? `client_max_window_bits=${a.clientMaxWindowBits}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'no parameters';
}

function echoCase(agreement: DeflateAgreement, fragmentBytes?: number): ConformanceCase {
  const messages = messagesFor(agreement);
  return {
    name: `echoes compressed messages of many sizes when the server accepts with ${describeAgreement(agreement)}${fragmentBytes ? `, fragmented at ${fragmentBytes} B` : ''}`,
    deflate: true,
    peer: { deflate: agreement },
    steps: [
      {
        run: async (conn) => {
          for (const [i, [kind, data]] of messages.entries()) {
            await sendCompressed(conn, kind, data, { fragmentBytes });
            await conn.waitForCount(i + 1, 10_000);
          }
        },
      },
      { send: close(1000) },
    ],
    client: [...messages.map(([kind, data]) => (kind === 'text' ? expectText(data) : expectBinary(data))), closed],
    user,
    check: ({ conn, testee }) => {
      expect(conn.request.headers['sec-websocket-extensions'] ?? '', 'the offer').toMatch(/permessage-deflate/);
      expect(testee.ws.extensions, 'ws.extensions').toMatch(/permessage-deflate/);
      const compressed = conn.events.filter((e) => 'compressed' in e && e.compressed).length;
      // zlib cannot deflate within an 8-bit window, so a client may rightly send uncompressed then.
      if (agreement.clientMaxWindowBits !== 8) expect(compressed, 'the client compresses messages above its threshold').toBeGreaterThan(0);
    },
    timeoutMs: 30_000,
  };
}

const agreements: DeflateAgreement[] = [
  {},
  { serverNoContextTakeover: true },
  { clientNoContextTakeover: true },
  { serverNoContextTakeover: true, clientNoContextTakeover: true },
  ...[8, 9, 10, 11, 12, 13, 14, 15].map((bits) => ({ serverMaxWindowBits: bits })),
  ...[8, 9, 10, 11, 12, 13, 14, 15].map((bits) => ({ clientMaxWindowBits: bits })),
  { serverMaxWindowBits: 8, clientMaxWindowBits: 8, serverNoContextTakeover: true, clientNoContextTakeover: true },
  { serverMaxWindowBits: 15, clientMaxWindowBits: 15, serverNoContextTakeover: true, clientNoContextTakeover: true },
  { serverMaxWindowBits: 9, clientMaxWindowBits: 12 },
];

const cases: ConformanceCase[] = agreements.map((a) => echoCase(a));
cases.push(echoCase({}, 1), echoCase({}, 64), echoCase({ serverNoContextTakeover: true }, 1000));
if (FULL) for (const a of agreements) cases.push(echoCase(a, 256));

cases.push({
  name: 'answers a ping between the fragments of a compressed message, then echoes it',
  deflate: true,
  peer: { deflate: {} },
  steps: [
    {
      run: async (conn) => {
        const data = compressibleText(10_000);
        const compressed = await conn.deflate.compress(data);
        const { compressedFrames } = await import('./harness/send-compressed.js');
        const [first, ...rest] = compressedFrames('text', compressed, Math.ceil(compressed.length / 2));
        await conn.write(Buffer.concat([first!, ping('mid-message')]));
        await conn.waitForCount(1);
        await conn.write(Buffer.concat(rest));
      },
    },
    { waitEvents: 2 },
    { send: close(1000) },
  ],
  client: [expectPong('mid-message'), expectText(compressibleText(10_000)), closed] as Expected[],
  user,
});
cases.push({
  name: 'echoes an uncompressed message (RSV1 clear) on a connection with permessage-deflate',
  deflate: true,
  peer: { deflate: {} },
  steps: [{ run: async (conn) => conn.write((await import('./harness/frame-builder.js')).text('plain')) }, { waitEvents: 1 }, { send: close(1000) }],
  client: [expectText('plain'), closed],
  user,
});

describe('permessage-deflate (Autobahn 12.x / 13.x)', () => defineCases(cases));
