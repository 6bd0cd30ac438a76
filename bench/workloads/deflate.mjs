// permessage-deflate on a compressible JSON stream (RFC 7692). Download: the peer sends frames
// it compressed before the clock started (context takeover unless the client forbids it); the
// client inflates and decodes each one. Upload: the client compresses each message; the peer
// counts frames, how many had RSV1 set, and wire bytes, and answers with those counts.
import { makeJsonMessages } from '../lib/payloads.mjs';
import { closeWithin, createSignal, describeThroughput, nowMs } from './clock.mjs';
import { countMessages, sendWithBackpressure } from './flow.mjs';

/** Runs the deflate download workload. */
export async function runDeflateDownload(openConnection, { url, size, count }) {
  const conn = await openConnection(url, { deflate: true });
  const received = countMessages(conn, count);
  const start = nowMs();
  conn.send('go');
  await received.done;
  const elapsed = nowMs() - start;
  await closeWithin(conn);
  return { ...describeThroughput(count, received.bytes(), elapsed), extensions: conn.extensions };
}

/** Runs the deflate upload workload. */
export async function runDeflateUpload(openConnection, { url, size, count }) {
  const messages = makeJsonMessages(count, size);
  const conn = await openConnection(url, { deflate: true });
  const done = createSignal();
  conn.onMessage((data) => done.resolve(data));
  const start = nowMs();
  await sendWithBackpressure(conn, count, (i) => messages[i]);
  const peer = JSON.parse((await done.promise).toString());
  const elapsed = nowMs() - start;
  await closeWithin(conn);
  const bytes = messages.reduce((sum, m) => sum + m.length, 0);
  return { ...describeThroughput(count, bytes, elapsed), extensions: conn.extensions, peer, wireRatio: peer.wireBytes / bytes };
}
