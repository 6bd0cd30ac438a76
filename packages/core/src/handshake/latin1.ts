/**
 * Byte ↔ string conversion for HTTP header text, which is ASCII plus obs-text (RFC 7230 §3.2.4):
 * each byte is one code unit 0x00-0xFF. Core has no TextEncoder, and needs none here.
 */

const CHUNK = 4096;

/** Encodes `text` one byte per code unit. Callers validate first: every code unit is ≤ 0xFF. */
export function encodeLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * Decodes `bytes[start, end)` one code unit per byte. `apply` takes the typed array as it is,
 * where a spread walks its iterator: 4× faster on a header line (a dozen per handshake).
 */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  for (let i = start; i < end; i += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(i + CHUNK, end)) as unknown as number[]);
  }
  return text;
}
