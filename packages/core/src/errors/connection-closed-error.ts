import { WeftError } from './weft-error.js';

/** The connection is closed; says who closed first and with which status. */
export class ConnectionClosedError extends WeftError {
  declare readonly closeCode: number;
  declare readonly reason: string;
  /** `'local'` when we started the closing handshake or failed the connection, else `'remote'`. */
  declare readonly closedBy: 'local' | 'remote';

  constructor(closeCode: number, reason: string, closedBy: 'local' | 'remote', code = 'ERR_CONNECTION_CLOSED') {
    super(code, `connection closed by ${closedBy} peer with ${closeCode}${reason ? ` (${reason})` : ''}`, undefined, {
      name: 'ConnectionClosedError',
      closeCode,
      reason,
      closedBy,
    });
  }
}
