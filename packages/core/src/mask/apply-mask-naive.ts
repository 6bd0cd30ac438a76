import { checkMaskArguments } from './check-mask-arguments.js';

/**
 * RFC 6455 §5.3 masking, one byte at a time: `target[i] = source[i] ^ maskKey[(keyOffset + i) % 4]`
 * for every byte of `source`. The reference the fast {@link applyMask} is tested against.
 * `target` may be `source` itself (masking in place) or another buffer that does not overlap it.
 */
export function applyMaskNaive(source: Uint8Array, maskKey: Uint8Array, target: Uint8Array, keyOffset = 0): void {
  checkMaskArguments(source, maskKey, target, keyOffset);
  for (let i = 0; i < source.length; i++) {
    target[i] = source[i] ^ maskKey[(keyOffset + i) & 3];
  }
}
