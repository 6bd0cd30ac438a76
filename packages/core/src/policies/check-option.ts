/**
 * Validate one option at construction (caller misuse throws at once). The message names the
 * option, the rule and the value seen: `reconnect.factor must be >= 1; got 0.5`. Returns `value`.
 */
export function checkOption<T>(name: string, value: T, isValid: boolean, rule: string): T {
  if (!isValid) throw new RangeError(`${name} must be ${rule}; got ${String(value)}`);
  return value;
}

/** True for a number >= 0 (`NaN` is not). */
export function isNonNegative(value: unknown): boolean {
  return typeof value === 'number' && value >= 0;
}
