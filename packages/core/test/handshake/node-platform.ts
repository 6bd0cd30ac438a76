import { createHash, randomFillSync } from 'node:crypto';
import type { Platform } from '../../src/platform/index.js';

/** The platform a Node adapter would inject, for tests. */
export const nodePlatform: Platform = {
  fillRandom: (target) => {
    randomFillSync(target);
  },
  sha1Base64: (text) => createHash('sha1').update(text, 'latin1').digest('base64'),
};
