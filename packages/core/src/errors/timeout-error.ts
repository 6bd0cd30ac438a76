import { WeftError } from './weft-error.js';

/** A deadline passed: `deadline` names which one (`handshake`, `close`, `heartbeat`, …). */
export class TimeoutError extends WeftError {
  declare readonly deadline: string;
  declare readonly timeoutMs: number;

  constructor(deadline: string, timeoutMs: number, code = 'ERR_TIMEOUT') {
    super(code, `${deadline} timed out after ${timeoutMs} ms`, undefined, { name: 'TimeoutError', deadline, timeoutMs });
  }
}
