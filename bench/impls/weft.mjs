// Weft's Node client: the WHATWG-style `WebSocket` of @weft/node, loaded from its built output
// (packages/node/dist/index.js) exactly as a user of the package would get it.
import { pathToFileURL } from 'node:url';
import { weftNodeEntry } from '../lib/weft-build.mjs';
import { pollDrain } from './drain.mjs';
import { openWhatwgSocket } from './whatwg-socket.mjs';

const { WebSocket } = await import(pathToFileURL(weftNodeEntry).href);

/**
 * Opens a Weft connection; binary messages arrive as Buffer ('nodebuffer', like ws's default), or
 * in the `binaryType` BENCH_BINARY_TYPE names ('arraybuffer': the WHATWG default, as undici runs).
 */
export function openConnection(url, { deflate = false } = {}) {
  const ws = new WebSocket(url, undefined, { perMessageDeflate: deflate, maxMessageBytes: 2 ** 27 });
  ws.binaryType = process.env.BENCH_BINARY_TYPE ?? 'nodebuffer';
  // drained() is Weft's documented backpressure signal; it resolves at its low-water mark.
  const waitDrain = () => (typeof ws.drained === 'function' ? ws.drained() : pollDrain(() => ws.bufferedAmount));
  return openWhatwgSocket(ws, 'Weft', { waitDrain });
}
