// Weft's headline API, `connect()` from @weft/node (what `import { connect } from 'weft'` gives a
// Node service): the reconnecting socket with its default heartbeat and reconnect policy on, as
// an application would run it. Messages arrive through `socket.on('message')`, or with
// BENCH_ITERATE=1 through `for await (const message of socket)` (the README's Node service);
// binary ones as Buffers. A sender waits on `socket.drained()`, the socket's send backpressure (builds from
// before it existed, compared through WEFT_BASE_ENTRY, poll `bufferedAmount` instead).
import { pathToFileURL } from 'node:url';
import { weftNodeEntry } from '../lib/weft-build.mjs';
import { pollDrain } from './drain.mjs';

const { connect } = await import(pathToFileURL(weftNodeEntry).href);

/** Opens a `connect()` socket and resolves once its first connection is open. */
export async function openConnection(url, { deflate = false } = {}) {
  const socket = connect(url, { perMessageDeflate: deflate, maxMessageBytes: 2 ** 27 });
  let extensions = '';
  socket.on('open', (info) => (extensions = info.extensions));
  await socket.opened;
  return {
    kind: 'websocket',
    extensions,
    send: (data) => socket.send(data),
    onMessage(fn) {
      if (process.env.BENCH_ITERATE === '1') void iterate(socket, fn);
      else socket.on('message', fn);
    },
    bufferedAmount: () => socket.bufferedAmount,
    waitDrain: () => (typeof socket.drained === 'function' ? socket.drained() : pollDrain(() => socket.bufferedAmount)),
    close: () => socket.close(1000),
  };
}

/** Hands every message to `fn` from an async iteration of the socket, as an application would. */
async function iterate(socket, fn) {
  for await (const message of socket) fn(message);
}
