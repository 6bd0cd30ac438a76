import { WeftError } from './weft-error.js';

/** The connection is closed; says who closed first and with which status. */
export class ConnectionClosedError extends WeftError {
  readonly closeCode: number;
  readonly reason: string;
  /** `'local'` when we started the closing handshake or failed the connection, else `'remote'`. */
  readonly closedBy: 'local' | 'remote';

  constructor(closeCode: number, reason: string, closedBy: 'local' | 'remote', code = 'ERR_CONNECTION_CLOSED') {
    super(code, `connection closed by ${closedBy} peer with ${closeCode}${reason ? ` (${reason})` : ''}`);
    this.closeCode = closeCode;
    this.reason = reason;
    this.closedBy = closedBy;
  }
}
