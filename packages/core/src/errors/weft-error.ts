const BRAND = Symbol.for('weft.error');

/**
 * Base class of every error Weft raises. `code` is stable across releases and is what
 * programs should branch on; the message is for people.
 */
export class WeftError extends Error {
  /** Stable machine-readable code, e.g. `ERR_QUEUE_FULL`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * True for any WeftError, including one thrown by another copy of the library (an ESM and a
   * CJS copy loaded side by side make `instanceof` unreliable).
   */
  static isWeftError(value: unknown): value is WeftError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
