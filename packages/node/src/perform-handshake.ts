import type { Socket } from 'node:net';
import { HandshakeError, HttpResponseParser, validateResponse } from '@weft/core';
import type { HandshakeOutcome, HttpResponse, OfferedExtensions, Platform } from '@weft/core';
import { openSocket } from './open-socket.js';
import type { ResolvedOptions } from './options.js';
import type { ProxyEnv } from './proxy-from-env.js';
import { readErrorBody } from './error-body.js';
import { readUntil } from './read-socket.js';
import { REDIRECT_STATUSES, followRedirect } from './redirect.js';
import { selectProxy } from './select-proxy.js';
import type { Target } from './target-url.js';
import { createUpgradeRequest } from './upgrade-request.js';
import type { UpgradeRequest, UpgradeSettings } from './upgrade-request.js';
import type { CancelSignal } from './cancellation.js';

/** Everything the opening handshake needs, validated by the WebSocket constructor. */
export interface HandshakePlan {
  readonly target: Target;
  /** Hop 0's request, built in the constructor so bad caller input threw there. */
  readonly firstRequest: UpgradeRequest;
  readonly firstProxy: URL | undefined;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly settings: UpgradeSettings;
  readonly offered: OfferedExtensions;
  readonly options: Pick<ResolvedOptions, 'proxy' | 'tls' | 'maxRedirects'>;
  readonly env: ProxyEnv;
  readonly platform: Platform;
}

/** An open WebSocket connection: the socket, paused, and the bytes that followed the 101. */
export interface OpenedConnection {
  readonly socket: Socket;
  readonly target: Target;
  readonly response: HttpResponse;
  readonly outcome: HandshakeOutcome;
  /** Bytes received in the same read as the end of the 101 head: the first WebSocket frames. */
  readonly head: Uint8Array;
}

/**
 * Runs the opening handshake (RFC 6455 §4.1): connect, write the Upgrade, parse the answer,
 * follow redirects as allowed, validate the 101. A non-101 answer rejects with a HandshakeError
 * (`ERR_UNEXPECTED_STATUS`) carrying status, headers and up to 4 KiB of body (chunked decoded). `signal` aborts
 * every step (the handshake deadline, or `close()` while connecting).
 */
export async function performHandshake(plan: HandshakePlan, signal: CancelSignal): Promise<OpenedConnection> {
  let target = plan.target;
  let headers = plan.headers;
  let request = plan.firstRequest;
  let proxy = plan.firstProxy;
  for (let redirects = 0; ; redirects++) {
    const socket = await openSocket(target, proxy, plan.options.tls, signal);
    socket.write(request.head, 'latin1');
    const response = await readFinalResponse(socket, signal);
    if (response.status === 101) {
      let outcome: HandshakeOutcome;
      try {
        outcome = validateResponse(response, {
          key: request.key, protocols: plan.settings.protocols, offeredExtensions: plan.offered, platform: plan.platform,
        });
      } catch (error) {
        socket.destroy();
        throw error;
      }
      return { socket, target, response, outcome, head: response.trailing };
    }
    if (REDIRECT_STATUSES.has(response.status) && plan.options.maxRedirects > 0) {
      socket.destroy();
      if (redirects >= plan.options.maxRedirects) {
        throw new HandshakeError('ERR_TOO_MANY_REDIRECTS',
          `more than ${plan.options.maxRedirects} redirects (maxRedirects)`, { status: response.status, headers: response.headers });
      }
      const hop = followRedirect(target, response.status, response.headers['location'], headers);
      target = hop.target;
      headers = hop.headers;
      proxy = selectProxy(plan.options.proxy, target, plan.env);
      request = createUpgradeRequest(target, headers, plan.settings, plan.platform);
      continue;
    }
    throw await rejectStatus(socket, response, signal);
  }
}

/**
 * The first non-interim response head. RFC 9110 §15.2: a client must be able to parse 1xx
 * responses before the final one (`100 Continue`, `103 Early Hints`); they are skipped here
 * (a flood of them is bounded by the handshake deadline).
 * 101 is final for us: it is the answer to the Upgrade.
 */
async function readFinalResponse(socket: Socket, signal: CancelSignal): Promise<HttpResponse> {
  let pending: Uint8Array = new Uint8Array(0);
  for (;;) {
    const parser = new HttpResponseParser();
    let early: HttpResponse | undefined;
    try {
      early = pending.byteLength > 0 ? parser.push(pending) : undefined;
    } catch (error) {
      socket.destroy();
      throw error;
    }
    const response = early ?? await readUntil(socket, (chunk) => parser.push(chunk), signal);
    if (response.status >= 200 || response.status === 101) return response;
    pending = response.trailing;
  }
}

async function rejectStatus(socket: Socket, response: HttpResponse, signal: CancelSignal): Promise<HandshakeError> {
  const body = await readErrorBody(socket, response.headers, response.trailing, signal);
  return new HandshakeError('ERR_UNEXPECTED_STATUS',
    `server answered the WebSocket upgrade with ${response.status}${response.reason ? ` ${response.reason}` : ''}, not 101`,
    { status: response.status, headers: { ...response.headers }, body });
}
