import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { HandshakeError } from '@weft/core';
import { dialTcp, dialTls } from './dial.js';
import { ProxyResponseReader } from './proxy-response.js';
import { readErrorBody } from './error-body.js';
import { readUntil } from './read-socket.js';
import type { Target } from './target-url.js';
import type { ConnectionOptions } from 'node:tls';
import type { CancelSignal } from './cancellation.js';

/**
 * Opens a tunnel to `target` through the HTTP proxy at `proxy` with `CONNECT host:port`
 * (RFC 9110 §9.3.6). An `https:` proxy is reached over TLS with `proxyTls`. The proxy URL's
 * user-info becomes `Proxy-Authorization: Basic`. Any non-2xx answer rejects with a
 * HandshakeError `ERR_PROXY_CONNECT` carrying the proxy's status, headers and body.
 * Resolves with the raw tunnel socket; TLS toward the target, if any, is the caller's next step.
 * `sharedReads`: the tunnel reads into the shared buffer (see `dialTcp`).
 */
export async function openProxyTunnel(proxy: URL, target: Target, proxyTls: ConnectionOptions | undefined, signal: CancelSignal,
  sharedReads: boolean): Promise<Socket> {
  const proxyHost = proxy.hostname.startsWith('[') ? proxy.hostname.slice(1, -1) : proxy.hostname;
  const secure = proxy.protocol === 'https:';
  const proxyPort = proxy.port === '' ? (secure ? 443 : 80) : Number(proxy.port);
  const socket = secure
    ? await dialTls({ ...proxyTls, host: proxyHost, port: proxyPort, servername: proxyServerName(proxyHost) }, signal, sharedReads)
    : await dialTcp(proxyHost, proxyPort, signal, sharedReads);
  const authority = `${target.url.hostname}:${target.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (proxy.username !== '' || proxy.password !== '') {
    const userInfo = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    lines.push(`Proxy-Authorization: Basic ${Buffer.from(userInfo, 'utf8').toString('base64')}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const reader = new ProxyResponseReader();
  const response = await readUntil(socket, (chunk) => reader.push(chunk), signal);
  if (response.status < 200 || response.status > 299) {
    const body = await readErrorBody(socket, response.headers, response.trailing, signal);
    throw new HandshakeError('ERR_PROXY_CONNECT',
      `proxy ${proxy.host} refused CONNECT ${authority} with status ${response.status}`,
      { status: response.status, headers: response.headers, body });
  }
  // A proxy should not send tunnel bytes before we do; if it did, they belong to the tunnel.
  if (response.trailing.byteLength > 0) socket.unshift(response.trailing);
  return socket;
}

/**
 * SNI for an `https:` proxy: its host name, never an IP literal (RFC 6066 §3: "Literal IPv4 and
 * IPv6 addresses are not permitted in HostName"; Node warns with DEP0123). It always replaces a
 * `servername` in the `tls` option, which names the target: Node verifies the proxy's
 * certificate against `servername`, or against the host when it is undefined.
 */
function proxyServerName(proxyHost: string): string | undefined {
  return isIP(proxyHost) === 0 ? proxyHost : undefined;
}
