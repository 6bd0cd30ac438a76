/**
 * Character classes of RFC 7230 §3.2.6 and §3.2, as lookup tables indexed by code unit, so that
 * every check is one array read per character (no regular expressions, no backtracking).
 */

const TCHAR = new Uint8Array(256);
const FIELD_VALUE = new Uint8Array(256);

// RFC 7230 §3.2.6: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;

// RFC 7230 §3.2: field-content is built from VCHAR (0x21-0x7E), obs-text (0x80-0xFF), SP, HTAB.
for (let c = 0x21; c <= 0x7e; c++) FIELD_VALUE[c] = 1;
for (let c = 0x80; c <= 0xff; c++) FIELD_VALUE[c] = 1;
FIELD_VALUE[0x20] = 1;
FIELD_VALUE[0x09] = 1;

/** True when `code` (a byte or UTF-16 code unit) is an RFC 7230 tchar. */
export function isTchar(code: number): boolean {
  return code < 256 && TCHAR[code] === 1;
}

/** True when `code` may appear inside a header field value: VCHAR, obs-text, SP or HTAB. */
export function isFieldValueChar(code: number): boolean {
  return code < 256 && FIELD_VALUE[code] === 1;
}

/** True when `code` is optional whitespace (OWS): SP or HTAB. */
export function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** True when `text` is a non-empty RFC 7230 token (1*tchar). */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!isTchar(text.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * True when `text` is a valid header field value as a sender must write it (RFC 7230 §3.2):
 * only VCHAR / obs-text / SP / HTAB, and no leading or trailing whitespace (which a recipient
 * would strip as OWS, silently changing the value).
 */
export function isFieldValue(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (isOws(text.charCodeAt(0)) || isOws(text.charCodeAt(n - 1))) return false;
  for (let i = 0; i < n; i++) {
    if (!isFieldValueChar(text.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * Splits a `#token` list header value (RFC 7230 §7) into its elements with surrounding OWS
 * removed; empty elements are skipped as §7 requires of recipients. Elements are returned as
 * written (callers compare case-insensitively where the field says so).
 */
export function splitHeaderList(value: string): string[] {
  const items: string[] = [];
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i === value.length || value.charCodeAt(i) === 0x2c) {
      let a = start;
      let b = i;
      while (a < b && isOws(value.charCodeAt(a))) a++;
      while (b > a && isOws(value.charCodeAt(b - 1))) b--;
      if (b > a) items.push(value.slice(a, b));
      start = i + 1;
    }
  }
  return items;
}
