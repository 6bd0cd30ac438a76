import { WeftError } from './weft-error.js';

/**
 * The peer broke RFC 6455 (or a configured limit). `closeCode` is the status Weft sent when it
 * failed the connection: 1002 protocol error, 1007 invalid data, 1009 too big, 1010, 1011.
 */
export class ProtocolError extends WeftError {
  declare readonly closeCode: number;

  constructor(code: string, closeCode: number, message: string, options?: { cause?: unknown }) {
    super(code, message, options, { name: 'ProtocolError', closeCode });
  }
}
