/**
 * Streaming UTF-8 validator (RFC 3629 as the WHATWG Encoding Standard decodes it), for RFC 6455
 * §8.1: a text message that is not valid UTF-8 fails the connection (1007), and it is failed at
 * the first invalid byte rather than when the message ends.
 *
 * Rejects overlong forms, surrogates (U+D800–U+DFFF), code points past U+10FFFF, stray or missing
 * continuation bytes, and (at `end()`) a sequence cut short. Runs of ASCII are skipped four bytes
 * at a time.
 */
export class Utf8Validator {
  /** Continuation bytes still expected by the current sequence; -1 once invalid. */
  private needed = 0;
  /** Allowed range of the next continuation byte (narrowed after E0, ED, F0, F4). */
  private lower = 0x80;
  private upper = 0xbf;

  /**
   * Feeds the next bytes. Returns false as soon as the bytes seen so far cannot be the start of
   * valid UTF-8 (and keeps returning false until `reset()`); true otherwise.
   */
  push(bytes: Uint8Array): boolean {
    let needed = this.needed;
    if (needed < 0) return false;
    let lower = this.lower;
    let upper = this.upper;
    const length = bytes.length;
    let i = 0;
    while (i < length) {
      const byte = bytes[i];
      if (needed === 0) {
        if (byte < 0x80) {
          i = skipAscii(bytes, i + 1, length);
          continue;
        }
        if (byte >= 0xc2 && byte <= 0xdf) {
          needed = 1;
        } else if (byte >= 0xe0 && byte <= 0xef) {
          // E0 needs A0–BF (else overlong); ED needs 80–9F (else a surrogate).
          if (byte === 0xe0) lower = 0xa0;
          else if (byte === 0xed) upper = 0x9f;
          needed = 2;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          // F0 needs 90–BF (else overlong); F4 needs 80–8F (else past U+10FFFF).
          if (byte === 0xf0) lower = 0x90;
          else if (byte === 0xf4) upper = 0x8f;
          needed = 3;
        } else {
          this.needed = -1;
          return false;
        }
      } else {
        if (byte < lower || byte > upper) {
          this.needed = -1;
          return false;
        }
        lower = 0x80;
        upper = 0xbf;
        needed--;
      }
      i++;
    }
    this.needed = needed;
    this.lower = lower;
    this.upper = upper;
    return true;
  }

  /**
   * True when everything pushed since the last reset is complete, valid UTF-8; false when it was
   * invalid or stops mid-sequence. Resets the validator for the next message either way.
   */
  end(): boolean {
    const valid = this.needed === 0;
    this.reset();
    return valid;
  }

  /** Forgets everything pushed so far. */
  reset(): void {
    this.needed = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }
}

/** Index of the first byte at or after `i` that is not ASCII (or `length`). */
function skipAscii(bytes: Uint8Array, i: number, length: number): number {
  // Four bytes at a time: a word with no high bit set is four ASCII bytes.
  const last = length - 4;
  while (i <= last && ((bytes[i] | bytes[i + 1] | bytes[i + 2] | bytes[i + 3]) & 0x80) === 0) i += 4;
  while (i < length && bytes[i] < 0x80) i++;
  return i;
}
