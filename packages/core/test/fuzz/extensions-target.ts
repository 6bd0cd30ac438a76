import { createHash } from 'node:crypto';
import { HandshakeError } from '../../src/errors/index.js';
import { PerMessageDeflate, type PerMessageDeflateOffer } from '../../src/extensions/index.js';
import { validateResponse } from '../../src/handshake/index.js';
import { zlibCodec } from '../extensions/zlib-codec.js';
import type { Prng } from './prng.js';

/** One input of the extensions target: what we offered and what the server answered. */
export interface ExtensionsCase {
  offer: PerMessageDeflateOffer | undefined;
  protocols: string[];
  extensionsHeader: string | undefined;
  protocolHeader: string | undefined;
}

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const platform = { sha1Base64: (text: string) => createHash('sha1').update(text, 'latin1').digest('base64') };
const ACCEPT = platform.sha1Base64(`${KEY}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`);
const PARAMS = ['server_no_context_takeover', 'client_no_context_takeover', 'server_max_window_bits', 'client_max_window_bits',
  'x_unknown', 'permessage-deflate', ''];
const BITS = ['8', '9', '10', '15', '16', '7', '0', '08', '015', '1', '-9', '+9', '9.0', '0x9', '１', '9 ', '"10"', '"1\\5"', '"8', '', 'abc'];
const NAMES = ['permessage-deflate', 'permessage-deflate', 'x-webkit-deflate-frame', 'PerMessage-Deflate', 'foo', ''];
const SEPARATORS = [';', ';', ' ; ', ',', ', ', ';;', '=', '\t', '"', ' '];
const PROTOCOLS = ['chat', 'superchat', 'v2.json', 'CHAT', 'chat, superchat', '', ' chat', 'chat\u00e9', 'a b'];

/** A random offer and a random (often malformed) answer. */
export function generateExtensionsCase(rng: Prng): ExtensionsCase {
  const offer: PerMessageDeflateOffer | undefined = rng.chance(0.85) ? {
    ...(rng.chance(0.5) ? { clientMaxWindowBits: rng.pick<number | boolean>([true, false, 8, 9, 12, 15]) } : {}),
    ...(rng.chance(0.4) ? { serverMaxWindowBits: rng.range(8, 15) } : {}),
    ...(rng.chance(0.3) ? { clientNoContextTakeover: true } : {}),
    ...(rng.chance(0.3) ? { serverNoContextTakeover: true } : {}),
  } : undefined;
  let extensionsHeader: string | undefined;
  if (rng.chance(0.9)) {
    extensionsHeader = '';
    for (let e = rng.range(0, 2); e >= 0; e--) {
      extensionsHeader += rng.pick(NAMES);
      for (let p = rng.int(5); p > 0; p--) {
        extensionsHeader += rng.pick(SEPARATORS) + rng.pick(PARAMS);
        if (rng.chance(0.5)) extensionsHeader += `=${rng.pick(BITS)}`;
      }
      if (e > 0) extensionsHeader += rng.pick([',', ', ', ' ,']);
    }
  }
  return {
    offer,
    protocols: rng.chance(0.5) ? ['chat', 'superchat'] : [],
    extensionsHeader,
    protocolHeader: rng.chance(0.5) ? rng.pick(PROTOCOLS) : undefined,
  };
}

/**
 * Invariants: only HandshakeError escapes, with the 101 status attached; an accepted answer
 * selects a requested subprotocol, accepts at most one permessage-deflate that we offered, has
 * window bits in 8..15 written exactly as RFC 7692 §7.1.2 allows, no more than offered, and
 * honours server_no_context_takeover when we asked for it; the agreement builds an extension.
 */
export function checkExtensionsCase(c: ExtensionsCase): string[] {
  const headers: Record<string, string> = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-accept': ACCEPT };
  if (c.extensionsHeader !== undefined) headers['sec-websocket-extensions'] = c.extensionsHeader;
  if (c.protocolHeader !== undefined) headers['sec-websocket-protocol'] = c.protocolHeader;
  let outcome: ReturnType<typeof validateResponse>;
  try {
    outcome = validateResponse({ status: 101, headers }, {
      key: KEY, protocols: c.protocols, platform, ...(c.offer === undefined ? {} : { offeredExtensions: { perMessageDeflate: c.offer } }),
    });
  } catch (error) {
    if (!(error instanceof HandshakeError)) return [`threw ${String((error as Error)?.stack ?? error)}`];
    if (error.status !== 101) return [`HandshakeError without the response status (${error.status})`];
    if (error.code !== 'ERR_INVALID_EXTENSIONS' && error.code !== 'ERR_INVALID_SUBPROTOCOL') return [`unexpected code ${error.code}`];
    return [];
  }
  const problems: string[] = [];
  if (outcome.protocol !== '' && !c.protocols.includes(outcome.protocol)) problems.push(`selected unrequested subprotocol ${outcome.protocol}`);
  if (c.protocolHeader !== undefined && outcome.protocol !== c.protocolHeader) problems.push('subprotocol answer was changed');
  if (outcome.extensions.length > 1) problems.push('more than one extension accepted');
  const agreed = outcome.extensions[0]?.agreement;
  if (agreed === undefined) {
    if (c.extensionsHeader !== undefined && /[^\s,]/.test(c.extensionsHeader)) problems.push(`non-empty answer ${JSON.stringify(c.extensionsHeader)} accepted as no extension`);
    return problems;
  }
  if (c.offer === undefined) problems.push('an extension that was not offered was accepted');
  const header = c.extensionsHeader ?? '';
  // RFC 7692 §7.1.2: a window-bits value in a response is 8..15, decimal, no leading zero (quoted allowed).
  for (const match of header.matchAll(/(server|client)_max_window_bits\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*)/g)) {
    // RFC 6455 §9.1: a quoted value is compared after unescaping.
    const value = match[2].startsWith('"') ? match[2].slice(1, -1).replace(/\\(.)/g, '$1') : match[2];
    if (!/^(8|9|1[0-5])$/.test(value)) problems.push(`accepted ${match[0]}`);
  }
  for (const bits of [agreed.serverMaxWindowBits, agreed.clientMaxWindowBits]) {
    if (!Number.isInteger(bits) || bits < 8 || bits > 15) problems.push(`agreed window bits ${bits}`);
  }
  if (c.offer?.serverMaxWindowBits !== undefined && agreed.serverMaxWindowBits > c.offer.serverMaxWindowBits) problems.push('server window above the offer');
  if (typeof c.offer?.clientMaxWindowBits === 'number' && agreed.clientMaxWindowBits > c.offer.clientMaxWindowBits) problems.push('client window above the offer');
  if (c.offer?.clientMaxWindowBits === false && /client_max_window_bits/.test(header)) problems.push('client_max_window_bits accepted without an offer');
  if (c.offer?.serverNoContextTakeover === true && !agreed.serverNoContextTakeover) problems.push('server_no_context_takeover dropped');
  try {
    new PerMessageDeflate({ codec: zlibCodec, agreement: agreed });
  } catch (error) {
    problems.push(`agreement refused by PerMessageDeflate: ${String(error)}`);
  }
  return problems;
}
