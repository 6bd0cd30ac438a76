import { formatPerMessageDeflateOffer } from '@weft/core';
import type { OfferedExtensions, PerMessageDeflateOffer, Platform } from '@weft/core';
import type { ResolvedOptions } from './options.js';
import type { HandshakePlan } from './perform-handshake.js';
import type { ProxyEnv } from './proxy-from-env.js';
import { selectProxy } from './select-proxy.js';
import type { Target } from './target-url.js';
import { createUpgradeRequest } from './upgrade-request.js';

/** RFC 7230 §3.2.6 token characters: what a subprotocol name may contain (RFC 6455 §4.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Normalizes the constructor's `protocols` argument like the WHATWG constructor: a string is a
 * list of one; a repeated or non-token value throws a `SyntaxError` DOMException.
 */
export function normalizeProtocols(protocols: string | readonly string[] | undefined): string[] {
  const list = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols].map(String);
  const seen = new Set<string>();
  for (const protocol of list) {
    if (!TOKEN.test(protocol)) throw new DOMException(`subprotocol ${JSON.stringify(protocol)} is not a token`, 'SyntaxError');
    const lower = protocol.toLowerCase();
    if (seen.has(lower)) throw new DOMException(`subprotocol ${JSON.stringify(protocol)} is listed twice`, 'SyntaxError');
    seen.add(lower);
  }
  return list;
}

/**
 * Everything the handshake needs, computed synchronously in the constructor so that caller
 * misuse (bad header, bad proxy URL, bad deflate parameters) throws before any I/O starts.
 */
export function planHandshake(target: Target, protocols: string[], options: ResolvedOptions, env: ProxyEnv, platform: Platform): HandshakePlan {
  const deflate = options.perMessageDeflate;
  const offer: PerMessageDeflateOffer | undefined = deflate === undefined ? undefined : {
    clientMaxWindowBits: deflate.clientMaxWindowBits ?? true,
    ...(deflate.serverMaxWindowBits === undefined ? {} : { serverMaxWindowBits: deflate.serverMaxWindowBits }),
    clientNoContextTakeover: deflate.clientNoContextTakeover,
    serverNoContextTakeover: deflate.serverNoContextTakeover,
  };
  const offered: OfferedExtensions = offer === undefined ? {} : { perMessageDeflate: offer };
  const settings = {
    origin: options.origin,
    protocols,
    extensionsOffer: offer === undefined ? undefined : formatPerMessageDeflateOffer(offer),
  };
  return {
    target,
    firstRequest: createUpgradeRequest(target, options.headers, settings, platform),
    firstProxy: selectProxy(options.proxy, target, env),
    headers: options.headers,
    settings,
    offered,
    options,
    env,
    platform,
  };
}
