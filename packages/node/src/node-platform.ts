import { createHash, randomFillSync } from 'node:crypto';
import type { Platform } from '@weft/core';

/** Core's injected primitives on Node: `crypto.randomFillSync` and SHA-1 from `node:crypto`. */
export const nodePlatform: Platform = Object.freeze({
  fillRandom(target: Uint8Array): void {
    randomFillSync(target);
  },
  sha1Base64(text: string): string {
    return createHash('sha1').update(text, 'latin1').digest('base64');
  },
});
