import { ConnectionClosedError, WeftError } from '../errors/index.js';
import type { CloseInfo } from '../policies/index.js';
import type { ConnectionCloseEvent } from './connection.js';

/** Duck-typed `HandshakeError` (brand-checked, so it survives duplicate copies of core). */
function asHandshakeFailure(error: unknown): { status: number; headers: Readonly<Record<string, string>> } | undefined {
  if (!WeftError.isWeftError(error)) return undefined;
  const candidate = error as unknown as { status?: unknown; headers?: unknown };
  if (typeof candidate.status !== 'number' || candidate.status <= 0) return undefined;
  const headers = typeof candidate.headers === 'object' && candidate.headers !== null ? candidate.headers : {};
  return { status: candidate.status, headers: headers as Record<string, string> };
}

/**
 * Why a connection ended, from what the adapter reported: a refused handshake, a network
 * failure (never opened, or closed without a close frame), or a close frame from the server.
 */
export function describeClose(event: ConnectionCloseEvent, wasOpen: boolean, lastError: unknown): CloseInfo {
  const handshake = asHandshakeFailure(lastError);
  if (!wasOpen && handshake !== undefined) return { kind: 'handshake', ...handshake };
  // RFC 6455 §7.1.5: 1006 means the connection closed without a close frame being received.
  if (!wasOpen || event.code === 1006) {
    return { kind: 'network', code: event.code, error: lastError };
  }
  return { kind: 'server-close', code: event.code, reason: event.reason };
}

/** The error `opened` rejects with (and async iteration ends with) when the client gives up. */
export function createGiveUpError(reason: string, info: CloseInfo, lastError: unknown): WeftError {
  const cause = info.kind === 'server-close'
    ? new ConnectionClosedError(info.code, info.reason, 'remote')
    : lastError;
  return new WeftError('ERR_CONNECTION_FAILED', `gave up connecting: ${reason}`, { cause });
}
