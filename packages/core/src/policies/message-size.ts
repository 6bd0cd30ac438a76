/** A message as Weft carries it: text or bytes. */
export type MessageData = string | Uint8Array;

/**
 * Bytes `text` takes in UTF-8, without encoding it. A lone surrogate counts 3 bytes, as the
 * WHATWG encoder replaces it with U+FFFD.
 */
export function measureUtf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    bytes += unit < 0x800 ? 1 : 2;
    // A surrogate pair is 2 UTF-16 units and 4 UTF-8 bytes: both units are counted already.
    if ((unit & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return bytes;
}

/** Size of a message on the wire (payload bytes). */
export function measureMessageBytes(data: MessageData): number {
  return typeof data === 'string' ? measureUtf8Bytes(data) : data.byteLength;
}
