// Raw TCP, the physical limit: the same payload bytes over a plain `net` socket, with no
// handshake, no framing and no masking. The peer learns the workload from one `RAW <path>` line.
// For a `wss:` URL (`pnpm bench --tls`) the socket is TLS: the limit is then that of TLS.
import { once } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** Connects and announces the workload; resolves once the line is written. */
export function openConnection(url) {
  const { protocol, hostname, port, pathname, search } = new URL(url);
  const secure = protocol === 'wss:';
  const address = { host: hostname, port: Number(port), noDelay: true };
  const socket = secure ? connectTls(address) : connectTcp(address);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.off('error', reject);
      // tls.connect does not pass noDelay on to its TCP socket (the WebSocket clients all set it).
      if (secure) socket.setNoDelay(true);
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
