// The peer runs in its own process for the whole run; this starts it and talks to it over IPC.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './weft-build.mjs';

/**
 * Forks bench/peer.mjs, over TLS with `tls` (`{ cert, key }`: paths of PEM files); resolves to
 * `{ port, prepareDeflate(query), stop() }` once it listens.
 */
export function startPeer(tls) {
  const args = tls === undefined ? [] : ['--tls', tls.cert, tls.key];
  const child = fork(join(repoRoot, 'bench/peer.mjs'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waitFor = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message?.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code) => reject(new Error(`peer exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return waitFor('listening').then(({ port }) => ({
    port,
    async prepareDeflate(query) {
      child.send({ type: 'prepare-deflate', query });
      await waitFor('prepared');
    },
    stop() {
      if (child.connected) child.disconnect();
      child.kill();
    },
  }));
}
