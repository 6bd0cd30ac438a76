/**
 * Autobahn 6.x — UTF-8 handling (RFC 6455 §8.1): text messages are echoed byte for byte however
 * they are fragmented, including 4-byte sequences split across fragments; invalid UTF-8 fails the
 * connection with 1007, and fails fast: on the first invalid byte, without waiting for the rest.
 */
import { describe } from 'vitest';
import { close, cont, text } from './harness/frame-builder.js';
import { defineCases, expectClose, expectText, failedWith, normalClose } from './harness/run-case.js';
import type { ConformanceCase } from './harness/run-case.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const { client: closed, user } = normalClose();

const VALID: Array<[string, Buffer]> = [
  ['Greek "κόσμε"', Buffer.from('κόσμε', 'utf8')],
  ['U+0000', hex('00')],
  ['U+007F', hex('7f')],
  ['U+0080, first 2-byte sequence', hex('c2 80')],
  ['U+07FF, last 2-byte sequence', hex('df bf')],
  ['U+0800, first 3-byte sequence', hex('e0 a0 80')],
  ['U+D7FF, last before the surrogates', hex('ed 9f bf')],
  ['U+E000, first after the surrogates', hex('ee 80 80')],
  ['U+FFFD', hex('ef bf bd')],
  ['U+FFFF (a noncharacter, still valid)', hex('ef bf bf')],
  ['U+10000, first 4-byte sequence', hex('f0 90 80 80')],
  ['U+1D11E musical symbol', hex('f0 9d 84 9e')],
  ['U+10FFFF, the last code point', hex('f4 8f bf bf')],
  ['a mix of 1- to 4-byte sequences', Buffer.from('Hello-µ@ßöäüàá-UTF-8!! 𝄞 𠜎 €', 'utf8')],
];

const INVALID: Array<[string, Buffer]> = [
  ['a lone continuation byte 0x80', hex('80')],
  ['a lone continuation byte 0xbf after text', Buffer.concat([Buffer.from('κόσμε'), hex('bf')])],
  ['the overlong "/" C0 AF', hex('c0 af')],
  ['the overlong NUL C0 80', hex('c0 80')],
  ['the overlong 3-byte E0 80 AF', hex('e0 80 af')],
  ['the overlong 4-byte F0 80 80 AF', hex('f0 80 80 af')],
  ['the overlong maximum F0 8F BF BF', hex('f0 8f bf bf')],
  ['the high surrogate U+D800 (ED A0 80)', hex('ed a0 80')],
  ['the low surrogate U+DFFF (ED BF BF)', hex('ed bf bf')],
  ['a surrogate pair encoded as two 3-byte sequences', hex('ed a0 80 ed b0 80')],
  ['U+110000 (F4 90 80 80), beyond Unicode', hex('f4 90 80 80')],
  ['the byte F5', hex('f5 80 80 80')],
  ['the byte FE', hex('fe')],
  ['the byte FF', hex('ff')],
  ['a 5-byte sequence F8 88 80 80 80', hex('f8 88 80 80 80')],
  ['a 2-byte sequence missing its last byte, at the end', Buffer.concat([Buffer.from('κόσμε'), hex('ce')])],
  ['a 4-byte sequence missing its last byte, at the end', hex('f0 9d 84')],
  ['a start byte followed by ASCII', hex('c2 41')],
  ['text with an invalid byte in the middle', Buffer.concat([Buffer.from('κόσμε'), hex('ed a0 80'), Buffer.from('edited')])],
];

function splits(bytes: Buffer, size: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const end = Math.min(bytes.length, at + size);
    frames.push((at === 0 ? text : cont)(bytes.subarray(at, end), { fin: end === bytes.length }));
  }
  return frames.length > 0 ? frames : [text('')];
}

const cases: ConformanceCase[] = [];
for (const [name, bytes] of VALID) {
  for (const [how, frames] of [
    ['in one frame', [text(bytes)]],
    ['in 1-byte fragments', splits(bytes, 1)],
  ] as const) {
    cases.push({
      name: `echoes valid UTF-8 ${name} sent ${how}`,
      steps: [{ send: [...frames] }, { waitEvents: 1 }, { send: close(1000) }],
      client: [expectText(bytes), closed],
      user,
    });
  }
}
const clef = hex('f0 9d 84 9e');
for (const cut of [1, 2, 3]) {
  cases.push({
    name: `echoes a 4-byte sequence split ${cut}|${4 - cut} across two fragments`,
    steps: [{ send: [text(Buffer.concat([Buffer.from('ab'), clef.subarray(0, cut)]), { fin: false }), cont(Buffer.concat([clef.subarray(cut), Buffer.from('cd')]))] }, { waitEvents: 1 }, { send: close(1000) }],
    client: [expectText(Buffer.concat([Buffer.from('ab'), clef, Buffer.from('cd')])), closed],
    user,
  });
}
cases.push({
  name: 'echoes a text message whose fragments each end inside a multi-byte sequence, written one byte at a time',
  steps: [{ send: splits(Buffer.from('κόσμε 𝄞 €', 'utf8'), 3), split: 'bytes' }, { waitEvents: 1 }, { send: close(1000) }],
  client: [expectText('κόσμε 𝄞 €'), closed],
  user,
});

for (const [name, bytes] of INVALID) {
  cases.push({ name: `fails the connection with 1007 on ${name} in one frame`, steps: [{ send: text(bytes) }], client: [expectClose(1007)], user: failedWith(1007) });
  if (bytes.length > 1) {
    cases.push({ name: `fails the connection with 1007 on ${name} in 1-byte fragments`, steps: [{ send: splits(bytes, 1) }], client: [expectClose(1007)], user: failedWith(1007) });
  }
}

// Long one-frame messages, where Node reads an all-ASCII payload as Latin-1: a byte that is
// valid Latin-1 but not UTF-8 must still fail the connection, wherever it lies.
const longAscii = Buffer.alloc(4096, 'The quick brown fox. ');
cases.push({
  name: 'echoes a 4 KiB all-ASCII text message sent in one frame',
  steps: [{ send: text(longAscii) }, { waitEvents: 1 }, { send: close(1000) }],
  client: [expectText(longAscii), closed],
  user,
});
cases.push({
  name: 'echoes a 4 KiB text message whose only multi-byte character is its last',
  steps: [{ send: text(Buffer.concat([longAscii, Buffer.from('€')])) }, { waitEvents: 1 }, { send: close(1000) }],
  client: [expectText(Buffer.concat([longAscii, Buffer.from('€')])), closed],
  user,
});
for (const [where, bytes] of [
  ['at the end', Buffer.concat([longAscii, hex('e9')])],
  ['at the start', Buffer.concat([hex('e9'), longAscii])],
  ['in the middle', Buffer.concat([longAscii, hex('ff'), longAscii])],
] as const) {
  cases.push({
    name: `fails the connection with 1007 on a Latin-1 byte ${where} of a long ASCII text message in one frame`,
    steps: [{ send: text(bytes) }],
    client: [expectClose(1007)],
    user: failedWith(1007),
  });
}

// Fail-fast: the close must arrive while the peer still holds the rest of the message back.
const failFast = (name: string, first: Buffer, rest: Buffer[]): ConformanceCase => ({
  name,
  steps: [{ send: first }, { awaitClose: 2000 }, { send: rest }],
  client: [expectClose(1007)],
  user: failedWith(1007),
});
cases.push(
  failFast('fails fast with 1007 when the first fragment holds an invalid byte, before the final fragment is sent', text(hex('ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64'), { fin: false }), [cont('more'), cont('end')]),
  failFast('fails fast with 1007 when the first fragment starts with an invalid byte', text(hex('ff 41 42'), { fin: false }), [cont('end')]),
  failFast('fails fast with 1007 on an overlong start byte even when the fragment ends right after it', text(Buffer.concat([Buffer.from('abc'), hex('c0')]), { fin: false }), [cont(hex('af'))]),
  failFast('fails fast with 1007 on a surrogate prefix (ED A0) at the end of a fragment', text(Buffer.concat([Buffer.from('abc'), hex('ed a0')]), { fin: false }), [cont(hex('80'))]),
  failFast('fails fast with 1007 when a middle fragment is invalid', Buffer.concat([text('valid start ', { fin: false }), cont(hex('f4 90 80 80'), { fin: false })]), [cont('end')]),
);
cases.push({
  name: 'fails with 1007 on an invalid sequence in a single frame whose payload arrives in three pieces',
  steps: [{ send: text(Buffer.concat([hex('ce ba e1 bd b9 cf 83 ce bc ce b5 f4 90 80 80'), Buffer.from('edited'.repeat(20))])), split: { at: [2, 17, 60] } }],
  client: [expectClose(1007)],
  user: failedWith(1007),
});

describe('UTF-8 (Autobahn 6.x)', () => defineCases(cases));
