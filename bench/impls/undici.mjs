// undici 7's WebSocket (what Node 22+ exposes as the global WebSocket).
import { WebSocket } from 'undici';
import { pollDrain } from './drain.mjs';

/** Opens an undici WebSocket; binary messages arrive as ArrayBuffer. */
export function openConnection(url) {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  return new Promise((resolve, reject) => {
    ws.onerror = (event) => reject(event.error ?? new Error('undici WebSocket error'));
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
    waitDrain: () => pollDrain(bufferedAmount),
    close() {
      return new Promise((resolve) => {
        ws.onclose = () => resolve();
        ws.close(1000);
      });
    },
  };
}
