/**
 * Validate one option or argument (caller misuse throws at once). The message names it, the
 * rule and the value seen: `reconnect.factor must be >= 1; got 0.5`. Returns `value`.
 *
 * @param ErrorClass - `RangeError` (default) for a value out of range, `TypeError` for a wrong type.
 */
export function checkOption<T>(name: string, value: T, isValid: boolean, rule: string, ErrorClass = RangeError): T {
  if (!isValid) {
    const seen = typeof value === 'object' && value !== null ? 'an object' : String(value);
    throw new ErrorClass(`${name} must be ${rule}; got ${seen}`);
  }
  return value;
}

/** True for a number >= 0 (`NaN` is not). */
export function isNonNegative(value: unknown): boolean {
  return typeof value === 'number' && value >= 0;
}
