import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DeflateCodec } from '../../src/extensions/index.js';

/** The DeflateCodec the Node adapter injects, written the same way for tests. */
export const zlibCodec: DeflateCodec = {
  inflateRaw: (data, dictionary, maxOutputBytes) =>
    inflateRawSync(data, { dictionary, maxOutputLength: maxOutputBytes, finishFlush: constants.Z_SYNC_FLUSH }),
  deflateRaw: (data, dictionary, windowBits) =>
    deflateRawSync(data, { dictionary, windowBits, finishFlush: constants.Z_SYNC_FLUSH }),
};
