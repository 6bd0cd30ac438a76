/*
 * TextDecoder and TextEncoder are globals in Node, browsers, Deno and Bun but are not part of the
 * ES2022 lib core compiles against, so the little of them used here is declared locally.
 */
import { isValidUtf8 } from './is-valid-utf8.js';

interface FatalTextDecoder {
  decode(input: Uint8Array): string;
}
interface Utf8TextEncoder {
  encode(input: string): Uint8Array;
  encodeInto(input: string, destination: Uint8Array): { read: number; written: number };
}
declare const TextDecoder: new (label: 'utf-8', options: { fatal: boolean; ignoreBOM: boolean }) => FatalTextDecoder;
declare const TextEncoder: new () => Utf8TextEncoder;

/** The fatal decoder; null where the host refuses one (Node built without ICU). */
let decoder: FatalTextDecoder | null | undefined;
let lenientDecoder: FatalTextDecoder | undefined;
let encoder: Utf8TextEncoder | undefined;

/**
 * Decodes complete UTF-8 (RFC 6455 §5.6 text data), or returns undefined when it is not valid.
 * A leading byte order mark is kept as U+FEFF: the payload is the peer's text, not a document.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (decoder === undefined) decoder = createFatalDecoder();
  // No fatal decoder here: core's validator checks, the lenient decoder decodes.
  if (decoder === null) return isValidUtf8(bytes) ? decodeValidUtf8(bytes) : undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function createFatalDecoder(): FatalTextDecoder | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  } catch {
    return null;
  }
}

/**
 * Decodes bytes already known to be valid UTF-8 (a streaming validator has seen every byte),
 * without the fatal decoder's second validation; a leading byte order mark is kept, as above.
 */
export function decodeValidUtf8(bytes: Uint8Array): string {
  lenientDecoder ??= new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return lenientDecoder.decode(bytes);
}

/** Encodes `text` as UTF-8. Lone surrogates become U+FFFD, so the result is always valid. */
export function encodeUtf8(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`text must be a string; got ${typeof text}`);
  encoder ??= new TextEncoder();
  return encoder.encode(text);
}

/**
 * Text of at most this many UTF-16 units is encoded by {@link encodeShortUtf8} (≤ 3 bytes each,
 * so a 48 KiB scratch). Longer text is encoded into a buffer of its own, which the frame builder
 * masks in place from 16 KiB on: from there a second buffer would cost a copy of the payload.
 */
export const SHORT_TEXT_MAX_UNITS = 16 * 1024;

let shortTextScratch: Uint8Array | undefined;

/**
 * `text` as UTF-8 (lone surrogates as U+FFFD) in a scratch buffer reused by every call, or
 * undefined when it is longer than {@link SHORT_TEXT_MAX_UNITS} (or the encoder did not take it
 * whole). The view is valid until the
 * next call: the caller copies the bytes out at once and keeps nothing. `TextEncoder.encode`
 * makes an ArrayBuffer per call, which costs more than the encoding of a short text (Node 20:
 * 16 characters 380 → 61 ns, 128 954 → 71 ns, 1 024 1 954 → 128 ns).
 */
export function encodeShortUtf8(text: string): Uint8Array | undefined {
  if (text.length > SHORT_TEXT_MAX_UNITS) return undefined;
  encoder ??= new TextEncoder();
  const scratch = (shortTextScratch ??= new Uint8Array(3 * SHORT_TEXT_MAX_UNITS));
  const { read, written } = encoder.encodeInto(text, scratch);
  // Three bytes per unit always fit; an encoder that stops short anyway (Node 25.4+ can on
  // non-ASCII text when space is tight, nodejs/node#65994) sends the text the long way.
  return read === text.length ? scratch.subarray(0, written) : undefined;
}
