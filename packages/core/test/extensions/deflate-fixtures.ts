import { randomBytes } from 'node:crypto';
import { constants } from 'node:zlib';
import type { DeflateRaw, InflateRaw } from 'node:zlib';
import { PerMessageDeflate } from '../../src/extensions/index.js';
import type { DeflateCodec, PerMessageDeflateAgreement } from '../../src/extensions/index.js';
import { zlibCodec } from './zlib-codec.js';

export const agreement = (overrides: Partial<PerMessageDeflateAgreement> = {}): PerMessageDeflateAgreement => ({
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: 15,
  clientMaxWindowBits: 15,
  ...overrides,
});
export const create = (overrides: Partial<PerMessageDeflateAgreement> = {}, thresholdBytes = 0, codec: DeflateCodec = zlibCodec) =>
  new PerMessageDeflate({ codec, agreement: agreement(overrides), thresholdBytes });
export const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();
export const MAX = 1 << 20;
/** A plain Uint8Array copy, so a Buffer and a Uint8Array with the same bytes compare equal. */
export const plain = (bytes: Uint8Array) => new Uint8Array(bytes);

/** Writes `data` into a long-lived zlib stream and resolves with what one sync flush emits. */
export async function flushThrough(stream: DeflateRaw | InflateRaw, data: Uint8Array): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const onData = (chunk: Buffer) => chunks.push(chunk);
  stream.on('data', onData);
  stream.write(data);
  await new Promise<void>((resolve) => stream.flush(constants.Z_SYNC_FLUSH, () => resolve()));
  stream.off('data', onData);
  return Buffer.concat(chunks);
}

export function messages(): Uint8Array[] {
  const base = 'The quick brown fox jumps over the lazy dog. '.repeat(40);
  return [
    Buffer.from(base),
    Buffer.from(base + 'and again'),
    randomBytes(3000),
    Buffer.from(`{"type":"update","items":[${'{"id":1,"name":"widget"},'.repeat(200)}]}`),
    Buffer.from(base.toUpperCase()),
    Buffer.alloc(70_000, 'z'),
    Buffer.from(base),
  ];
}

