/**
 * permessage-deflate failures (RFC 7692 §6, §6.1, §6.2; RFC 6455 §5.2): RSV1 only on the first
 * frame of a data message, never on control frames or continuations; a stream that does not
 * inflate, or inflates to invalid UTF-8, fails the connection.
 */
import { describe } from 'vitest';
import zlib from 'node:zlib';
import { Op, buildFrame, close, cont, text } from './harness/frame-builder.js';
import { defineCases, expectClose, expectText, failedWith, normalClose } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';
import { compressedFrames, compressibleText } from './harness/send-compressed.js';

const { client: closed, user } = normalClose();
const withDeflate = { deflate: true, peer: { deflate: {} } } as const;

const cases: ConformanceCase[] = [
  // RFC 6455 §5.2 + RFC 7692 §6.1: RSV1 means "compressed" only on the first frame of a message.
  {
    ...withDeflate,
    name: 'fails the connection with 1002 on RSV1 set on a continuation frame of an uncompressed message',
    steps: [{ send: [text('frag', { fin: false }), cont('ment', { rsv1: true })] }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    ...withDeflate,
    name: 'fails the connection with 1002 on RSV1 set on a continuation frame of a compressed message',
    steps: [
      {
        run: async (conn) => {
          const compressed = await conn.deflate.compress(compressibleText(2000));
          const half = compressed.length >> 1;
          await conn.write(Buffer.concat([
            buildFrame({ opcode: Op.Text, rsv1: true, fin: false, payload: compressed.subarray(0, half) }),
            buildFrame({ opcode: Op.Cont, rsv1: true, fin: true, payload: compressed.subarray(half) }),
          ]));
        },
      },
    ],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    ...withDeflate,
    name: 'fails the connection with 1002 on RSV1 set on a ping',
    steps: [{ send: buildFrame({ opcode: Op.Ping, rsv1: true, payload: 'compressed?' }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  {
    ...withDeflate,
    name: 'fails the connection with 1002 on RSV2 set even with permessage-deflate agreed',
    steps: [{ send: buildFrame({ opcode: Op.Text, rsv2: true, payload: 'x' }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  // RFC 7692 gives no close code for a stream that does not inflate; 1007 (data inconsistent with
  // the message) is what ws sends, 1002 what python-websockets sends. Either is accepted.
  {
    ...withDeflate,
    name: 'fails the connection with 1007 (or 1002) on a compressed message that is not a deflate stream',
    steps: [{ send: buildFrame({ opcode: Op.Text, rsv1: true, payload: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00]) }) }],
    client: [expectClose([1007, 1002])],
    user: { code: [1007, 1002, 1006] },
  },
  {
    ...withDeflate,
    name: 'fails the connection with 1007 (or 1002) on a deflate stream that refers back to data it never had',
    steps: [
      {
        run: async (conn) => {
          // The second message of a context-takeover stream, sent as the first: its back-references dangle.
          const deflater = zlib.createDeflateRaw();
          const flushOnce = (data: Buffer): Promise<Buffer> =>
            new Promise((resolve) => {
              const out: Buffer[] = [];
              const onData = (c: Buffer): void => void out.push(c);
              deflater.on('data', onData);
              deflater.write(data);
              deflater.flush(zlib.constants.Z_SYNC_FLUSH, () => (deflater.off('data', onData), resolve(Buffer.concat(out))));
            });
          await flushOnce(compressibleText(4000, 1000, 5));
          const second = await flushOnce(compressibleText(4000, 1000, 5));
          deflater.close();
          await conn.write(buildFrame({ opcode: Op.Text, rsv1: true, payload: second.subarray(0, second.length - 4) }));
        },
      },
    ],
    client: [expectClose([1007, 1002])],
    user: { code: [1007, 1002, 1006] },
  },
  {
    ...withDeflate,
    name: 'fails the connection with 1007 on a compressed text message that inflates to invalid UTF-8',
    steps: [{ run: async (conn) => conn.write(Buffer.concat(compressedFrames('text', await conn.deflate.compress(Buffer.from('cebae1bdb9cf83eda080', 'hex'))))) }],
    client: [expectClose(1007)],
    user: failedWith(1007),
  },
  {
    deflate: false,
    name: 'fails the connection with 1002 on RSV1 when permessage-deflate was not agreed',
    steps: [{ send: buildFrame({ opcode: Op.Text, rsv1: true, payload: zlib.deflateRawSync(Buffer.from('hello')) }) }],
    client: [expectClose(1002)],
    user: failedWith(1002),
  },
  // RFC 7692 §7.2.3.4: a sender may end a message with a BFINAL block instead of an empty stored one.
  {
    deflate: true,
    peer: { deflate: { serverNoContextTakeover: true } },
    name: 'inflates a compressed message that ends with a final (BFINAL) block',
    steps: [{ send: buildFrame({ opcode: Op.Text, rsv1: true, payload: zlib.deflateRawSync(Buffer.from('final block')) }) }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectText('final block'), closed],
    user,
  },
  // §7.2.2: with context takeover, the next message may still refer back into one that ended with
  // a final block (zlib's stream ended there: the receiver must carry the window on regardless).
  {
    ...withDeflate,
    name: 'inflates a message referring back into an earlier one that ended with a final (BFINAL) block',
    steps: [
      { send: buildFrame({ opcode: Op.Text, rsv1: true, payload: zlib.deflateRawSync(Buffer.from('final block, then more')) }) },
      { waitEvents: 1 },
      { send: buildFrame({ opcode: Op.Text, rsv1: true, payload: zlib.deflateRawSync(Buffer.from('final block, again'), { dictionary: Buffer.from('final block, then more'), finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, -4) }) },
      { waitEvents: 2 },
      { send: close(1000) },
    ],
    client: [expectText('final block, then more'), expectText('final block, again'), closed],
    user,
  },
  // §7.2.2: a message is one DEFLATE stream; what follows its final block would be lost unread.
  ...[{ ...withDeflate, route: 'a context' }, { deflate: true, peer: { deflate: { serverNoContextTakeover: true } }, route: 'no context takeover' }].map(
    ({ route, ...setup }) => ({
      ...setup,
      name: `fails with 1007 on a message of two DEFLATE streams, the first ending with a final block (${route})`,
      steps: [{ send: buildFrame({ opcode: Op.Text, rsv1: true, payload: Buffer.concat([zlib.deflateRawSync(Buffer.from('first half, ')), zlib.deflateRawSync(Buffer.from('second half'))]) }) }],
      client: [expectClose(1007)],
      user: failedWith(1007),
    }),
  ),
];

describe('permessage-deflate failures (RFC 7692)', () => defineCases(cases));
