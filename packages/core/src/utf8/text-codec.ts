/*
 * TextDecoder and TextEncoder are globals in Node, browsers, Deno and Bun but are not part of the
 * ES2022 lib core compiles against, so the little of them used here is declared locally.
 */
interface FatalTextDecoder {
  decode(input: Uint8Array): string;
}
interface Utf8TextEncoder {
  encode(input: string): Uint8Array;
}
declare const TextDecoder: new (label: 'utf-8', options: { fatal: boolean; ignoreBOM: boolean }) => FatalTextDecoder;
declare const TextEncoder: new () => Utf8TextEncoder;

let decoder: FatalTextDecoder | undefined;
let lenientDecoder: FatalTextDecoder | undefined;
let encoder: Utf8TextEncoder | undefined;

/**
 * Decodes complete UTF-8 (RFC 6455 §5.6 text data), or returns undefined when it is not valid.
 * A leading byte order mark is kept as U+FEFF: the payload is the peer's text, not a document.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
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
