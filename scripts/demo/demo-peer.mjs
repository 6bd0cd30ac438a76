// The demo's local server: a static page server and a `ws` echo + broadcast peer, both on
// 127.0.0.1. The WebSocket side can be stopped and started again on the same port, so the
// demo can show the client reconnecting. A dev tool, not part of the SDK.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const FILES = {
  '/': ['page/index.html', 'text/html; charset=utf-8'],
  '/demo-page.js': ['page/demo-page.js', 'text/javascript; charset=utf-8'],
  '/demo.css': ['page/demo.css', 'text/css; charset=utf-8'],
  '/weft.min.js': ['../../packages/weft/dist/weft.min.js', 'text/javascript; charset=utf-8'],
  '/weft.min.js.map': ['../../packages/weft/dist/weft.min.js.map', 'application/json'],
};
const listen = (server, port) => new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', () => resolve(server.address().port));
});

/** Answer one message: `ping` → `pong` (browser heartbeat), echo, and broadcast when asked. */
function answer(wss, socket, data, isBinary) {
  const text = isBinary ? undefined : data.toString();
  if (text === 'ping') return socket.send('pong');
  socket.send(data, { binary: isBinary });
  if (text !== undefined && text.startsWith('{') && text.includes('"broadcast":true')) {
    for (const client of wss.clients) if (client !== socket && client.readyState === 1) client.send(text);
  }
}

/**
 * On `/slow`, read at most one socket chunk every few milliseconds, like a slow link, so the
 * client's `bufferedAmount` drains visibly while it sends a large message.
 */
function throttleReading(socket, onBytes) {
  const raw = socket._socket;
  raw.on('data', (chunk) => {
    onBytes(chunk.length);
    raw.pause();
  });
  const timer = setInterval(() => raw.resume(), 10);
  socket.once('close', () => clearInterval(timer));
}

/** Start the page server and the WebSocket peer. `port` 0 picks free ports. */
export async function startDemoPeer({ port = 0 } = {}) {
  let wsPort = 0;
  let wss;
  let wsHttp;
  let restarting = false;
  const pages = createServer((req, res) => servePage(peer, req, res));
  const peer = {
    pageUrl: '',
    get wsUrl() { return `ws://127.0.0.1:${wsPort}/`; },
    /** Bytes the peer has read from `/slow` connections (progress as the receiver sees it). */
    slowBytesRead: 0,
    /** Same peer, but it reads slowly (see throttleReading). */
    get slowWsUrl() { return `ws://127.0.0.1:${wsPort}/slow`; },
    get clients() { return wss?.clients.size ?? 0; },
    /** Start (or start again) the WebSocket peer on its port. */
    async startWs() {
      wsHttp = createServer((_, res) => res.writeHead(426).end('WebSocket only'));
      wsPort = await listen(wsHttp, wsPort);
      const server = new WebSocketServer({ server: wsHttp, maxPayload: 128 * 1024 * 1024 });
      server.on('connection', (socket, request) => {
        socket.on('message', (data, isBinary) => answer(server, socket, data, isBinary));
        if (request.url === '/slow') throttleReading(socket, (n) => (peer.slowBytesRead += n));
      });
      wss = server;
    },
    /** Stop the WebSocket peer abruptly, as a crash would (clients see 1006). */
    async stopWs() {
      if (wss === undefined) return;
      const [server, http] = [wss, wsHttp];
      wss = undefined;
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
    /** Stop, wait `downMs`, start again (what the page's "restart server" button does). */
    async restartWs(downMs) {
      if (restarting) return;
      restarting = true;
      try {
        await peer.stopWs();
        await new Promise((resolve) => setTimeout(resolve, downMs));
        await peer.startWs();
      } finally {
        restarting = false;
      }
    },
    async close() {
      await peer.stopWs();
      pages.closeAllConnections();
      await new Promise((resolve) => pages.close(resolve));
    },
  };
  await peer.startWs();
  peer.pageUrl = `http://127.0.0.1:${await listen(pages, port)}/`;
  return peer;
}

function servePage(peer, req, res) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/config.json') {
    return res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ wsUrl: peer.wsUrl }));
  }
  if (path === '/restart' && req.method === 'POST') {
    void peer.restartWs(2_000);
    return res.writeHead(202, { 'content-type': 'text/plain' }).end('restarting');
  }
  const entry = FILES[path];
  if (entry === undefined) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  const file = fileURLToPath(new URL(entry[0], import.meta.url));
  res.writeHead(200, { 'content-type': entry[1], 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
}
