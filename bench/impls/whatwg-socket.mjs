// The adapter for a WHATWG-style WebSocket (onopen/onerror/onmessage/onclose, bufferedAmount):
// undici's and Weft's. `ws` speaks EventEmitter instead and has its own in ws.mjs.
import { pollDrain } from './drain.mjs';

/**
 * Resolves with the bench interface (see README.md) once `ws` opens; rejects with its first
 * error. `waitDrain` defaults to polling `bufferedAmount` down to the low-water mark.
 */
export function openWhatwgSocket(ws, name, { waitDrain } = {}) {
  return new Promise((resolve, reject) => {
    ws.onerror = (event) => reject(event.error ?? new Error(`${name} WebSocket error`));
    ws.onopen = () => {
      ws.onerror = null;
      resolve(wrap(ws, waitDrain));
    };
  });
}

function wrap(ws, waitDrain) {
  const bufferedAmount = () => ws.bufferedAmount;
  return {
    kind: 'websocket',
    extensions: ws.extensions,
    send: (data) => ws.send(data),
    onMessage(fn) {
      // BENCH_ADD_LISTENER=1: the other way code written for browsers listens.
      if (process.env.BENCH_ADD_LISTENER === '1') ws.addEventListener('message', (event) => fn(event.data));
      else ws.onmessage = (event) => fn(event.data);
    },
    bufferedAmount,
    waitDrain: waitDrain ?? (() => pollDrain(bufferedAmount)),
    close() {
      return new Promise((resolve) => {
        ws.onclose = () => resolve();
        ws.close(1000);
      });
    },
  };
}
