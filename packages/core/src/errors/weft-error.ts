const BRAND = Symbol.for('weft.error');

/**
 * Base class of every error Weft raises. `code` is stable across releases and is what
 * programs should branch on; the message is for people.
 *
 * Every class names itself with a string literal (not `new.target.name`), so `error.name`
 * survives minifiers that rename classes.
 */
export class WeftError extends Error {
  /** Stable machine-readable code, e.g. `ERR_QUEUE_FULL`. */
  declare readonly code: string;

  /**
   * @param fields - own properties a subclass adds (its `name` and details); assigned here so
   *   that each subclass is a single `super` call.
   */
  constructor(code: string, message: string, options?: { cause?: unknown }, fields?: object) {
    super(message, options);
    Object.assign(this, { name: 'WeftError', code }, fields);
  }

  /** The brand `isWeftError` looks for: on the prototype, so it costs nothing per error. */
  get [BRAND](): true {
    return true;
  }

  /**
   * True for any WeftError, including one thrown by another copy of the library (an ESM and a
   * CJS copy loaded side by side make `instanceof` unreliable).
   */
  static isWeftError(value: unknown): value is WeftError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
