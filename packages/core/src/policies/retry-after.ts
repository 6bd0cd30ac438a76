/**
 * RFC 9110 §10.2.3 `Retry-After`: either a non-negative number of seconds or an HTTP-date.
 * Returns the wait in milliseconds from `nowEpochMs`, or `undefined` when the value is absent
 * or malformed (a malformed header is ignored, never trusted). A date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, nowEpochMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  // delay-seconds = 1*DIGIT
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-date: IMF-fixdate and the obsolete forms all contain a weekday or month name.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowEpochMs);
}
