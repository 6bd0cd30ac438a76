// Weft's Node client: the WHATWG-style `WebSocket` of @weft/node, loaded from its built output
// (packages/node/dist/index.js) exactly as a user of the package would get it.
import { pathToFileURL } from 'node:url';
import { weftNodeEntry } from '../lib/weft-build.mjs';
import { pollDrain } from './drain.mjs';

const { WebSocket } = await import(pathToFileURL(weftNodeEntry).href);

/** Opens a Weft connection; binary messages arrive as Buffer ('nodebuffer', like ws's default). */
export function openConnection(url, { deflate = false } = {}) {
  const ws = new WebSocket(url, undefined, { perMessageDeflate: deflate, maxMessageBytes: 2 ** 27 });
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    ws.onerror = (event) => reject(event.error ?? new Error('Weft WebSocket error'));
    ws.onopen = () => {
      ws.onerror = null;
      resolve(wrap(ws));
    };
  });
}

function wrap(ws) {
  const bufferedAmount = () => ws.bufferedAmount;
  return {
    kind: 'websocket',
    extensions: ws.extensions,
    send: (data) => ws.send(data),
    onMessage(fn) {
      ws.onmessage = (event) => fn(event.data);
    },
    bufferedAmount,
    // drained() is Weft's documented backpressure signal; it resolves at its low-water mark.
    waitDrain: () => (typeof ws.drained === 'function' ? ws.drained() : pollDrain(bufferedAmount)),
    close() {
      return new Promise((resolve) => {
        ws.onclose = () => resolve();
        ws.close(1000);
      });
    },
  };
}
