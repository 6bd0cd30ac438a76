// Pre-compressed permessage-deflate frames for the deflate download workload (RFC 7692 §7.2.1:
// compress, flush with Z_SYNC_FLUSH, drop the trailing 0x00 0x00 0xff 0xff). Built before the
// measurement starts, so the peer then only writes bytes.
import { constants, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { makeJsonMessages } from '../lib/payloads.mjs';
import { buildFrame } from './frames.mjs';

const TAIL = 4;

/** Compresses messages one after another in one context (context takeover), as a server would. */
async function compressWithTakeover(messages, windowBits) {
  const deflate = createDeflateRaw({ windowBits });
  const out = [];
  let pending = [];
  deflate.on('data', (chunk) => pending.push(chunk));
  for (const message of messages) {
    deflate.write(Buffer.from(message));
    await new Promise((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, resolve));
    const compressed = Buffer.concat(pending);
    pending = [];
    out.push(compressed.subarray(0, compressed.length - TAIL));
  }
  deflate.close();
  return out;
}

function compressEach(messages, windowBits) {
  return messages.map((m) => {
    const compressed = deflateRawSync(Buffer.from(m), { windowBits, finishFlush: constants.Z_SYNC_FLUSH });
    return compressed.subarray(0, compressed.length - TAIL);
  });
}

/**
 * Builds the frames for `count` JSON messages of about `size` bytes under the negotiated
 * parameters, packed into write batches of about 256 KiB. Resolves to
 * `{ batches, wireBytes, plainBytes }`.
 */
export async function buildDeflateBatches(count, size, answer) {
  const messages = makeJsonMessages(count, size);
  const bits = answer.serverMaxWindowBits;
  const payloads = answer.serverNoContextTakeover ? compressEach(messages, bits) : await compressWithTakeover(messages, bits);
  const batches = [];
  let batch = [];
  let batchBytes = 0;
  let wireBytes = 0;
  for (const payload of payloads) {
    const frame = buildFrame(1, payload, { rsv1: true });
    batch.push(frame);
    batchBytes += frame.length;
    wireBytes += frame.length;
    if (batchBytes >= 256 * 1024) {
      batches.push(Buffer.concat(batch));
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length > 0) batches.push(Buffer.concat(batch));
  const plainBytes = messages.reduce((sum, m) => sum + m.length, 0);
  return { batches, wireBytes, plainBytes };
}
