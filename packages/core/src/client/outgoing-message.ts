import { copyBytes } from '../bytes/index.js';
import { checkOption, type MessageData } from '../policies/index.js';

/** What `socket.send` accepts. */
export type SendData = string | ArrayBuffer | ArrayBufferView;

/**
 * `string` stays text; `ArrayBuffer` and any `ArrayBufferView` become a `Uint8Array` view of the
 * same bytes (no copy). Anything else is caller misuse: `TypeError`.
 */
export function toMessageData(data: SendData): MessageData {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return checkOption('send() data', data, false, 'a string, an ArrayBuffer or an ArrayBufferView', TypeError);
}

/** A copy of `data` that the caller can no longer change (strings are immutable already). */
export function snapshotMessage(data: MessageData): MessageData {
  return typeof data === 'string' ? data : copyBytes(data);
}
