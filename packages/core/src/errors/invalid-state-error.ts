import { WeftError } from './weft-error.js';

/** The caller asked for something the current state forbids (send after close, …). */
export class InvalidStateError extends WeftError {
  constructor(message: string, code = 'ERR_INVALID_STATE') {
    super(code, message, undefined, { name: 'InvalidStateError' });
  }
}
