import { checkOption } from './check-option.js';

/** The `fragment.sizeBytes` rule: an integer >= 1. */
export function checkChunkSize(sizeBytes: number): void {
  checkOption('fragment.sizeBytes', sizeBytes, Number.isInteger(sizeBytes) && sizeBytes >= 1, 'an integer >= 1');
}

/**
 * Cut `payload` into views of at most `sizeBytes` bytes each, in order (no copy). An empty
 * payload gives one empty piece, so an empty message still produces one frame or chunk.
 */
export function splitMessage(payload: Uint8Array, sizeBytes: number): Uint8Array[] {
  checkChunkSize(sizeBytes);
  if (payload.byteLength <= sizeBytes) return [payload];
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < payload.byteLength; offset += sizeBytes) {
    pieces.push(payload.subarray(offset, Math.min(offset + sizeBytes, payload.byteLength)));
  }
  return pieces;
}
