// The benchmark peer: a deliberately cheap raw `net` server, run in its own process (forked by
// run.mjs, which it tells its port over IPC). It does the opening handshake by hand and then
// only counts, blasts pre-built frames or echoes, so what a measurement sees is the client's cost.
// With `--tls <cert.pem> <key.pem>` (`pnpm bench --tls`) it serves the same sessions over TLS.
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { buildDeflateBatches } from './peer/deflate-stream.mjs';
import { buildSwitchingResponse, formatDeflate, negotiateDeflate, parseHead } from './peer/handshake.mjs';
import { runRawSession, runWebSocketSession } from './peer/session.mjs';

/** Pre-built deflate streams, keyed by workload parameters and negotiated answer. */
const deflateCache = new Map();
const deflateKey = (query, answer) => `${query.count}:${query.size}:${answer.serverNoContextTakeover}:${answer.serverMaxWindowBits}`;

async function getDeflateBatches(query, answer) {
  const key = deflateKey(query, answer);
  if (!deflateCache.has(key)) deflateCache.set(key, buildDeflateBatches(Number(query.count), Number(query.size), answer));
  return deflateCache.get(key);
}

async function startSession(socket, head) {
  if (head.raw) return runRawSession(socket, head);
  const isDeflatePath = head.path.startsWith('/deflate-');
  const answer = isDeflatePath ? negotiateDeflate(head.headers) : undefined;
  const batches = head.path === '/deflate-download' && answer ? await getDeflateBatches(head.query, answer) : undefined;
  if (head.path === '/deflate-download' && !answer) {
    socket.destroy(); // the deflate download only makes sense compressed
    return;
  }
  socket.write(buildSwitchingResponse(head.headers, answer && formatDeflate(answer)));
  runWebSocketSession(socket, head, batches);
}

const tlsAt = process.argv.indexOf('--tls');
const tls = tlsAt === -1 ? undefined : { cert: readFileSync(process.argv[tlsAt + 1]), key: readFileSync(process.argv[tlsAt + 2]) };

const onConnection = (socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('end', () => socket.end());
  let buffered = Buffer.alloc(0);
  const onHead = (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    let head;
    try {
      head = parseHead(buffered);
    } catch {
      socket.destroy();
      return;
    }
    if (head === undefined) return;
    socket.off('data', onHead);
    socket.pause(); // until the session has its own listener: no byte may be lost
    startSession(socket, head).catch(() => socket.destroy());
  };
  socket.on('data', onHead);
};
const server = tls === undefined ? createTcpServer({ noDelay: true }, onConnection) : createTlsServer({ ...tls, noDelay: true }, onConnection);

process.on('message', async (message) => {
  // run.mjs asks for the deflate stream to be compressed before the timed runs start.
  if (message?.type === 'prepare-deflate') {
    const base = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15 };
    await getDeflateBatches(message.query, base);
    await getDeflateBatches(message.query, { ...base, serverNoContextTakeover: true });
    process.send({ type: 'prepared' });
  }
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
