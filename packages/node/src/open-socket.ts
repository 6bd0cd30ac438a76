import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { dialTcp, dialTls } from './dial.js';
import { openProxyTunnel } from './proxy-connect.js';
import { openSocks5Tunnel } from './socks5-connect.js';
import { SOCKS5_SCHEMES } from './socks5-proxy-url.js';
import { buildTlsOptions } from './tls-options.js';
import { raiseTrimThresholdOnce } from './trim-threshold.js';
import type { Target } from './target-url.js';
import type { CancelSignal } from './cancellation.js';

/**
 * A connected byte stream to `target`, ready for the Upgrade request: TCP, through an HTTP
 * CONNECT or SOCKS5 tunnel when `proxy` is set (chosen by its scheme), then TLS toward the target for `wss:` (certificate and
 * host name verified against the target, also inside a tunnel). Honours `signal` at every step.
 */
export async function openSocket(target: Target, proxy: URL | undefined, tls: ConnectionOptions | undefined, signal: CancelSignal): Promise<Socket> {
  // At the first connection attempt (see trim-threshold.ts; in effect once a GC has freed the
  // block): a young process then keeps the memory V8's optimising compiler frees instead of
  // faulting it in again.
  raiseTrimThresholdOnce();
  if (proxy !== undefined) {
    // For ws: the tunnel carries the frames itself and may read into the shared buffer; for wss:
    // TLS toward the target wraps it and reads its handle itself.
    const sharedReads = !target.secure;
    const tunnel = SOCKS5_SCHEMES.has(proxy.protocol)
      ? await openSocks5Tunnel(proxy, target, signal, sharedReads)
      : await openProxyTunnel(proxy, target, tls, signal, sharedReads);
    return target.secure ? dialTls(buildTlsOptions(target, tls, tunnel), signal) : tunnel;
  }
  // The socket carries the frames itself (in TLS records for wss:): it may read into the shared buffer.
  if (target.secure) return dialTls(buildTlsOptions(target, tls), signal, true);
  return dialTcp(target.hostname, target.port, signal, true);
}
