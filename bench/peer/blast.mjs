// Writes pre-built buffers to a socket as fast as it drains, stopping if the socket goes away.
import { makePayloadBytes } from '../lib/payloads.mjs';
import { buildFrame } from './frames.mjs';

const BATCH_BYTES = 256 * 1024;
const cache = new Map();

/**
 * The write plan for `count` messages of `size` bytes: a batch buffer that holds `perBatch`
 * whole messages (one message per write when a message is 256 KiB or more). With `framed` the
 * messages are unmasked WebSocket frames; without, they are the bare payload bytes (raw TCP).
 */
export function planMessages({ type, size, count, framed }) {
  const key = `${type}:${size}:${framed}`;
  let unit = cache.get(key);
  if (unit === undefined) {
    const payload = makePayloadBytes(type, size);
    unit = framed ? buildFrame(type === 'text' ? 1 : 2, payload) : payload;
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
