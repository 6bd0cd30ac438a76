// Weft's headline API, `connect()` from @weft/node (what `import { connect } from 'weft'` gives a
// Node service): the reconnecting socket with its default heartbeat and reconnect policy on, as
// an application would run it. Messages arrive through `socket.on('message')`; binary ones as
// Buffers. It has no drain event, so a sender polls `bufferedAmount` like any user would.
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
  const bufferedAmount = () => socket.bufferedAmount;
  return {
    kind: 'websocket',
    extensions,
    send: (data) => socket.send(data),
    onMessage(fn) {
      socket.on('message', fn);
    },
    bufferedAmount,
    waitDrain: () => pollDrain(bufferedAmount),
    close: () => socket.close(1000),
  };
}
