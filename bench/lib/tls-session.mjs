// What a `pnpm bench --tls` run measured through: the TLS version and cipher the peer agrees to
// with a default Node client, stored with the run (they decide what the crypto costs).
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';

/** Opens one TLS connection to the peer and resolves to `{ protocol, cipher }`, then closes it. */
export function describeTlsSession(port, caPath) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: readFileSync(caPath) }, () => {
      const session = { protocol: socket.getProtocol(), cipher: socket.getCipher().standardName };
      socket.destroy();
      resolve(session);
    });
    socket.once('error', reject);
  });
}
