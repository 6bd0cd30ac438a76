import { ConnectionClosedError, WeftError } from '../errors/index.js';
import type { CloseInfo } from '../policies/index.js';
import type { ConnectionCloseEvent } from './connection.js';

/** Turns what an adapter reported about the end of a connection into a {@link CloseInfo}. */
export type CloseDescriber = (event: ConnectionCloseEvent, wasOpen: boolean, lastError: unknown) => CloseInfo;

/**
 * Why a connection ended, as a native socket can tell: a network failure (never opened, or
 * closed without a close frame), or a close frame from the server.
 */
export function describeClose(event: ConnectionCloseEvent, wasOpen: boolean, lastError: unknown): CloseInfo {
  // RFC 6455 §7.1.5: 1006 means the connection closed without a close frame being received.
  if (!wasOpen || event.code === 1006) return { kind: 'network', code: event.code, error: lastError };
  return { kind: 'server-close', code: event.code, reason: event.reason };
}

/**
 * {@link describeClose}, plus a refused handshake: an attempt that never opened after a
 * `HandshakeError` with an HTTP status (duck-typed behind the brand, so it survives duplicate
 * copies of core). For runtimes that read the upgrade response (Node).
 */
export function describeHandshakeClose(event: ConnectionCloseEvent, wasOpen: boolean, lastError: unknown): CloseInfo {
  const { status, headers } = (WeftError.isWeftError(lastError) ? lastError : {}) as { status?: unknown; headers?: unknown };
  if (wasOpen || typeof status !== 'number' || status <= 0) return describeClose(event, wasOpen, lastError);
  return { kind: 'handshake', status, headers: typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : {} };
}

/** The error `opened` rejects with (and async iteration ends with) when the client gives up. */
export function createGiveUpError(reason: string, info: CloseInfo, lastError: unknown): WeftError {
  const cause = info.kind === 'server-close' ? new ConnectionClosedError(info.code, info.reason, 'remote') : lastError;
  return new WeftError('ERR_CONNECTION_FAILED', `gave up connecting: ${reason}`, { cause });
}
