import { WeftError } from './weft-error.js';

/** The opening handshake failed: a non-101 answer, a bad accept value, an unrequested extension… */
export class HandshakeError extends WeftError {
  /** HTTP status of the response, or 0 when no response was parsed. */
  declare readonly status: number;
  /** Response headers, names lower-cased; repeated headers joined with `, `. */
  declare readonly headers: Readonly<Record<string, string>>;
  /** Up to 4 KiB of the response body (non-101 answers only). */
  declare readonly body: Uint8Array | undefined;

  constructor(
    code: string,
    message: string,
    { status = 0, headers = {}, body, cause }: { status?: number; headers?: Record<string, string>; body?: Uint8Array; cause?: unknown } = {},
  ) {
    super(code, message, { cause }, { name: 'HandshakeError', status, headers, body });
  }
}
