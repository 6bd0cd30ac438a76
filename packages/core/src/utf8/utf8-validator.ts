/**
 * Below this many bytes, core's JavaScript validator beats a call into a native whole-buffer one
 * (the call itself costs more than checking a short run of bytes).
 */
export const NATIVE_UTF8_MIN_BYTES = 64;

/** From this many bytes on, the portable scan reads ASCII runs a 32-bit word at a time. */
const WORD_SCAN_MIN_BYTES = 256;

/**
 * Streaming UTF-8 validator (RFC 3629 as the WHATWG Encoding Standard decodes it), for RFC 6455
 * §8.1: a text message that is not valid UTF-8 fails the connection (1007), and it is failed at
 * the first invalid byte rather than when the message ends.
 *
 * Rejects overlong forms, surrogates (U+D800–U+DFFF), code points past U+10FFFF, stray or missing
 * continuation bytes, and (at `end()`) a sequence cut short.
 *
 * Given a whole-buffer validator (the platform's, say SIMD), a long chunk is checked by it up to
 * the end of its last complete code point, and only the cut-off tail (at most 3 bytes) is carried
 * byte by byte into the next chunk. The verdict is the same either way: a chunk that carries an
 * invalid byte (or the start of a sequence that can no longer be valid) fails at that chunk.
 * Without one, runs of ASCII are skipped a 32-bit word at a time.
 *
 * It also tells whether everything pushed was ASCII ({@link onlyAscii}), so that the decode of a
 * validated message need not scan it again. Given a whole-buffer ASCII check too, a long chunk of
 * a message that is ASCII so far is checked by that alone (ASCII is valid UTF-8); the first long
 * chunk that is not goes to the UTF-8 validator as well, and later long chunks only to it.
 */
export class Utf8Validator {
  /** Continuation bytes still expected by the current sequence; -1 once invalid. */
  private needed = 0;
  /** Allowed range of the next continuation byte (narrowed after E0, ED, F0, F4). */
  private lower = 0x80;
  private upper = 0xbf;
  private readonly validateWhole: ((bytes: Uint8Array) => boolean) | undefined;
  private readonly asciiWhole: ((bytes: Uint8Array) => boolean) | undefined;
  /** See {@link onlyAscii}. */
  private ascii: boolean | undefined = true;

  /**
   * `validateWhole`, if given, must return true exactly for complete, valid UTF-8; `asciiWhole`
   * (used only with `validateWhole`) exactly when every byte is under 0x80.
   */
  constructor(validateWhole?: (bytes: Uint8Array) => boolean, asciiWhole?: (bytes: Uint8Array) => boolean) {
    this.validateWhole = validateWhole;
    this.asciiWhole = asciiWhole;
  }

  /**
   * Whether every byte pushed since the last reset is under 0x80 (then the bytes are valid so
   * far, and read as Latin-1 they are the same string): true while they are, false once one is
   * not, undefined when it cannot tell (a long chunk was checked by a whole-buffer UTF-8 validator
   * without an ASCII check to ask first). Read it before {@link end}, which resets it to true.
   */
  get onlyAscii(): boolean | undefined {
    return this.ascii;
  }

  /**
   * Feeds the next bytes. Returns false as soon as the bytes seen so far cannot be the start of
   * valid UTF-8 (and keeps returning false until `reset()`); true otherwise.
   */
  push(bytes: Uint8Array): boolean {
    if (this.needed < 0) return false;
    const length = bytes.length;
    const whole = this.validateWhole;
    if (whole === undefined || length < NATIVE_UTF8_MIN_BYTES) return this.scan(bytes, 0, length);
    if (this.ascii === true) {
      // ASCII so far, so no sequence is open: an ASCII chunk is valid, and one scan tells.
      const asciiWhole = this.asciiWhole;
      if (asciiWhole === undefined) this.ascii = undefined;
      else if (asciiWhole(bytes)) return true;
      else this.ascii = false;
    }
    // Finish the sequence the previous chunk left open (at most 3 bytes), byte by byte.
    let start = 0;
    if (this.needed > 0) {
      start = this.needed;
      if (!this.scan(bytes, 0, start)) return false;
    }
    const cut = findCompleteEnd(bytes, start, length);
    if (cut > start && !whole(bytes.subarray(start, cut))) {
      this.needed = -1;
      return false;
    }
    return this.scan(bytes, cut, length);
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
    this.ascii = true;
    this.lower = 0x80;
    this.upper = 0xbf;
  }

  /** The byte-by-byte state machine over `bytes[from, to)`. */
  private scan(bytes: Uint8Array, from: number, to: number): boolean {
    let needed = this.needed;
    let lower = this.lower;
    let upper = this.upper;
    const words = to - from >= WORD_SCAN_MIN_BYTES ? alignedWords(bytes) : undefined;
    let sawNonAscii = false;
    let i = from;
    while (i < to) {
      const byte = bytes[i];
      if (needed === 0) {
        if (byte < 0x80) {
          i = words === undefined ? skipAscii(bytes, i + 1, to) : skipAsciiWords(bytes, words, i + 1, to);
          continue;
        }
        sawNonAscii = true;
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
    // Only a valid run needs it: an invalid one fails the validator until reset.
    if (sawNonAscii) this.ascii = false;
    return true;
  }
}

/**
 * End of the last complete code point of `bytes[start, end)`: `end` unless the last lead byte
 * (within the final 4 bytes) starts a sequence the chunk cuts short, in which case its index.
 * Malformed endings are left in the prefix for the whole-buffer validator to reject.
 */
function findCompleteEnd(bytes: Uint8Array, start: number, end: number): number {
  const stop = Math.max(start, end - 4);
  for (let k = end - 1; k >= stop; k--) {
    const byte = bytes[k];
    if (byte < 0x80) return end;
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return k + size <= end ? end : k;
    }
  }
  return end;
}

/** Index of the first byte at or after `i` (and before `end`) that is not ASCII, or `end`. */
function skipAscii(bytes: Uint8Array, i: number, end: number): number {
  // Four bytes at a time: four bytes with no high bit set are four ASCII bytes.
  const last = end - 4;
  while (i <= last && ((bytes[i] | bytes[i + 1] | bytes[i + 2] | bytes[i + 3]) & 0x80) === 0) i += 4;
  while (i < end && bytes[i] < 0x80) i++;
  return i;
}

/** The 32-bit words wholly inside `bytes`, aligned in its buffer, and where they start in `bytes`. */
interface AlignedWords {
  readonly view: Uint32Array;
  /** Index in `bytes` of the first byte of `view[0]`. */
  readonly first: number;
}

function alignedWords(bytes: Uint8Array): AlignedWords | undefined {
  const first = (4 - (bytes.byteOffset & 3)) & 3;
  const count = (bytes.length - first) >>> 2;
  if (count <= 0 || !(bytes.buffer instanceof ArrayBuffer)) return undefined;
  return { view: new Uint32Array(bytes.buffer, bytes.byteOffset + first, count), first };
}

/** {@link skipAscii} reading whole aligned words (no high bit in a word: four ASCII bytes). */
function skipAsciiWords(bytes: Uint8Array, words: AlignedWords, i: number, end: number): number {
  while (i < end && ((i - words.first) & 3) !== 0) {
    if (bytes[i] >= 0x80) return i;
    i++;
  }
  const view = words.view;
  let w = (i - words.first) >>> 2;
  const lastWord = Math.min(view.length, (end - words.first) >>> 2);
  while (w < lastWord && (view[w] & 0x80808080) === 0) w++;
  // Never step back: when no whole word was left (i stopped unaligned at `end`), the word start
  // lies before `i`, inside bytes already checked (possibly continuation bytes of a sequence).
  i = Math.max(i, words.first + (w << 2));
  while (i < end && bytes[i] < 0x80) i++;
  return i;
}
