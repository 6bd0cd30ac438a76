import type { ConnectionOptions } from 'node:tls';
import type { Socket } from 'node:net';
import type { Target } from './target-url.js';

/**
 * Options for `tls.connect` toward `target`: SNI with the target host name (never for an IP
 * literal, RFC 6066 §3), ALPN `http/1.1` (RFC 8441 WebSockets over HTTP/2 is not spoken here),
 * and the caller's `tls` options passed through. Hostname verification stays on unless the
 * caller turns it off (`rejectUnauthorized: false` or their own `checkServerIdentity`).
 * When `socket` is given (a proxy tunnel), TLS runs over it instead of a new connection.
 */
export function buildTlsOptions(target: Target, userTls: ConnectionOptions | undefined, socket?: Socket): ConnectionOptions {
  const options: ConnectionOptions = {
    ALPNProtocols: ['http/1.1'],
    ...userTls,
    host: target.hostname,
    port: target.port,
  };
  if (options.servername === undefined && !target.isIpLiteral) options.servername = target.hostname;
  if (socket !== undefined) options.socket = socket;
  return options;
}
