// What the peer does on one connection once the head is read. Paths name the workload:
// /upload and /deflate-upload count client messages and answer one "done" message with the
// peer's counts (an /upload with `warmup` first answers "warm" to the warmup-th message);
// /download, /rss and /deflate-download blast pre-built frames after the client's first message
// ("go"); /echo echoes each message; /connect only closes.
import { blast, planMessages } from './blast.mjs';
import { buildFrame, FrameReader } from './frames.mjs';

/** Runs a WebSocket session on `socket`, starting with the bytes that followed the head. */
export function runWebSocketSession(socket, head, deflateBatches) {
  const { path, query } = head;
  const count = Number(query.count ?? 0);
  const warmup = Number(query.warmup ?? 0);
  let messages = 0;
  let compressedFrames = 0;
  let started = false;
  const startBlast = () => {
    if (started) return;
    started = true;
    if (path === '/deflate-download') void blast(socket, deflateBatches.batches);
    else void blast(socket, planMessages({ type: query.type, size: Number(query.size), count, framed: true, fragments: Number(query.frags ?? 1) }));
  };
  const reader = new FrameReader(
    (fin, opcode, rsv1, length, payload) => {
      if (opcode === 8) {
        // RFC 6455 §5.5.1: answer a close with a close (echoing the status code), then the
        // server closes the TCP connection first.
        if (!socket.destroyed) socket.end(buildFrame(8, payload.subarray(0, 2)));
        return;
      }
      // §5.5.2: a ping gets a pong with the same payload (connect()'s heartbeat pings a quiet
      // connection, such as a long upload's).
      if (opcode === 9 && !socket.destroyed) socket.write(buildFrame(10, payload));
      if (opcode >= 8) return;
      if (rsv1) compressedFrames++;
      if (!fin) return;
      messages++;
      if (path === '/echo') socket.write(buildFrame(opcode === 0 ? 2 : opcode, payload));
      else if (path === '/upload' || path === '/deflate-upload') {
        if (messages === warmup) socket.write(buildFrame(1, Buffer.from('warm')));
        if (messages === warmup + count) {
          // `messages` counts the measured ones, `total` every one; the byte and frame counts
          // (for deflate, which has no warm-up) cover the connection.
          const stats = { messages: messages - warmup, total: messages, wireBytes: reader.wireBytes, compressedFrames };
          socket.write(buildFrame(1, Buffer.from(JSON.stringify(stats))));
        }
      } else if (path === '/download' || path === '/rss' || path === '/deflate-download') startBlast();
    },
    { collect: path === '/echo' },
  );
  if (head.rest.length > 0) reader.push(head.rest);
  socket.on('data', (chunk) => reader.push(chunk));
  socket.resume();
}

/** Runs a raw-TCP session: the same payload bytes, no handshake and no framing. */
export function runRawSession(socket, head) {
  const { path, query } = head;
  const size = Number(query.size ?? 0);
  const count = Number(query.count ?? 0);
  const warmBytes = size * Number(query.warmup ?? 0);
  const total = warmBytes + size * count;
  let received = 0;
  let started = false;
  const onData = (chunk) => {
    if (path === '/echo') socket.write(chunk);
    else if (path === '/upload') {
      received += chunk.length;
      // One '!' when the warm-up bytes are in (if any), one when all are.
      const crossed = (mark) => received >= mark && received - chunk.length < mark;
      if (warmBytes > 0 && crossed(warmBytes)) socket.write('!');
      if (crossed(total)) socket.write('!');
    } else if ((path === '/download' || path === '/rss') && !started) {
      started = true;
      void blast(socket, planMessages({ type: query.type, size, count, framed: false }));
    }
  };
  if (head.rest.length > 0) onData(head.rest);
  socket.on('data', onData);
  socket.resume();
}
