// Raw TCP, the physical limit: the same payload bytes over a plain `net` socket, with no
// handshake, no framing and no masking. The peer learns the workload from one `RAW <path>` line.
import { once } from 'node:events';
import { connect } from 'node:net';

/** Connects and announces the workload; resolves once the line is written. */
export function openConnection(url) {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port), noDelay: true });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.write(`RAW ${pathname}${search}\n`);
      resolve(wrap(socket));
    });
  });
}

function wrap(socket) {
  return {
    kind: 'raw',
    extensions: '',
    send: (data) => socket.write(data),
    onMessage(fn) {
      socket.on('data', fn);
    },
    bufferedAmount: () => socket.writableLength,
    async waitDrain() {
      if (socket.writableNeedDrain) await once(socket, 'drain');
    },
    close() {
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
      });
    },
  };
}
