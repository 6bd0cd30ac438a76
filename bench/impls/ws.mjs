// `ws` 8 (with `bufferutil` unless the child runs with WS_NO_BUFFER_UTIL=1; ws reads that
// variable itself when it loads).
import { once } from 'node:events';
import WebSocket from 'ws';
import { pollDrain } from './drain.mjs';

/** Opens a `ws` client connection (binary as Buffer, or the `binaryType` BENCH_BINARY_TYPE names). */
export function openConnection(url, { deflate = false } = {}) {
  const ws = new WebSocket(url, { perMessageDeflate: deflate, maxPayload: 2 ** 27 });
  if (process.env.BENCH_BINARY_TYPE) ws.binaryType = process.env.BENCH_BINARY_TYPE;
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(wrap(ws));
    });
  });
}

function wrap(ws) {
  const bufferedAmount = () => ws.bufferedAmount;
  return {
    kind: 'websocket',
    extensions: ws.extensions,
    send: (data) => ws.send(data),
    onMessage(fn) {
      ws.on('message', (data, isBinary) => fn(isBinary ? data : data.toString()));
    },
    bufferedAmount,
    async waitDrain() {
      // The socket's own 'drain' is what a ws user waits for; then whatever ws still holds.
      if (ws._socket.writableNeedDrain) await once(ws._socket, 'drain');
      await pollDrain(bufferedAmount);
    },
    close() {
      return new Promise((resolve) => {
        ws.once('close', resolve);
        ws.close(1000);
      });
    },
  };
}
