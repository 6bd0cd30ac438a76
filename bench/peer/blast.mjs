// Writes pre-built buffers to a socket as fast as it drains, stopping if the socket goes away.
import { makePayloadBytes } from '../lib/payloads.mjs';
import { buildFrame } from './frames.mjs';

const BATCH_BYTES = 256 * 1024;
const cache = new Map();

/**
 * The write plan for `count` messages of `size` bytes: a batch buffer that holds `perBatch`
 * whole messages (one message per write when a message is 256 KiB or more). With `framed` the
 * messages are unmasked WebSocket frames, each message split into `fragments` frames of about
 * equal size (RFC 6455 §5.4); without, they are the bare payload bytes (raw TCP).
 */
export function planMessages({ type, size, count, framed, fragments = 1 }) {
  const key = `${type}:${size}:${framed}:${fragments}`;
  let unit = cache.get(key);
  if (unit === undefined) {
    const payload = makePayloadBytes(type, size);
    unit = framed ? buildFragments(type === 'text' ? 1 : 2, payload, fragments) : payload;
    if (cache.size > 8) cache.clear();
    cache.set(key, unit);
  }
  const perBatch = Math.max(1, Math.min(count, Math.floor(BATCH_BYTES / unit.length)));
  const batch = perBatch === 1 ? unit : Buffer.concat(new Array(perBatch).fill(unit));
  const batches = [];
  const full = Math.floor(count / perBatch);
  for (let i = 0; i < full; i++) batches.push(batch);
  const rest = count % perBatch;
  if (rest > 0) batches.push(batch.subarray(0, rest * unit.length));
  return batches;
}

/** One message as `fragments` frames: the first with the message's opcode, then continuations. */
function buildFragments(opcode, payload, fragments) {
  const frames = [];
  for (let i = 0; i < fragments; i++) {
    const piece = payload.subarray(Math.floor((i * payload.length) / fragments), Math.floor(((i + 1) * payload.length) / fragments));
    frames.push(buildFrame(i === 0 ? opcode : 0, piece, { fin: i === fragments - 1 }));
  }
  return Buffer.concat(frames);
}

/** Writes `batches` in order, waiting for 'drain' whenever the socket asks to. */
export async function blast(socket, batches) {
  for (const buffer of batches) {
    if (socket.destroyed) return;
    if (!socket.write(buffer)) {
      await new Promise((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }
}
