import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DeflateCodec, DeflateContext } from '../../src/extensions/index.js';

/** The DeflateCodec the Node adapter injects, written the same way for tests. */
export const zlibCodec: DeflateCodec = {
  inflateRaw: (data, dictionary, maxOutputBytes) =>
    inflateRawSync(data, { dictionary, maxOutputLength: maxOutputBytes, finishFlush: constants.Z_SYNC_FLUSH }),
  deflateRaw: (data, dictionary, windowBits) =>
    deflateRawSync(data, { dictionary, windowBits, finishFlush: constants.Z_SYNC_FLUSH }),
};

/** What {@link contextCodec} did: contexts opened and closed, stateless calls made. */
export interface ContextLog {
  opened: string[];
  closed: string[];
  statelessCalls: number;
}

/**
 * A codec that also offers long-lived contexts, each written independently of PerMessageDeflate:
 * it keeps its own window and runs the one-shot zlib calls with it as the dictionary.
 */
export function contextCodec(log: ContextLog = { opened: [], closed: [], statelessCalls: 0 }): DeflateCodec & { log: ContextLog } {
  const context = (kind: string, run: (data: Uint8Array, window: Uint8Array, max: number) => Buffer, keep: 'input' | 'output'): DeflateContext => {
    let window: Uint8Array = new Uint8Array(0);
    let closed = false;
    log.opened.push(kind);
    return {
      process(data, maxOutputBytes) {
        if (closed) throw new Error('closed');
        const output = run(data, window, maxOutputBytes);
        const kept = keep === 'input' ? data : output;
        window = Buffer.concat([window, kept]).subarray(-32768);
        return output;
      },
      close() {
        if (!closed) log.closed.push(kind);
        closed = true;
      },
    };
  };
  const dictionary = (window: Uint8Array) => (window.length > 0 ? { dictionary: window } : {});
  return {
    log,
    inflateRaw: (...args) => (log.statelessCalls++, zlibCodec.inflateRaw(...args)),
    deflateRaw: (...args) => (log.statelessCalls++, zlibCodec.deflateRaw(...args)),
    openInflateContext: () =>
      context('inflate', (data, window, max) => inflateRawSync(data, { ...dictionary(window), maxOutputLength: max, finishFlush: constants.Z_SYNC_FLUSH }), 'output'),
    openDeflateContext: (windowBits) =>
      context(`deflate ${windowBits}`, (data, window) => deflateRawSync(data, { ...dictionary(window.subarray(-(1 << windowBits))), windowBits, finishFlush: constants.Z_SYNC_FLUSH }), 'input'),
  };
}
