// Peak resident memory while receiving one large binary message, measured inside the client
// process above its own baseline. Linux keeps the peak in /proc/self/status (VmHWM); writing 5
// to /proc/self/clear_refs resets it to the current RSS, so the peak covers this message only.
import { readFileSync, writeFileSync } from 'node:fs';
import { closeWithin, createSignal, measureMessage, nowMs } from './clock.mjs';

function readStatusKb(field) {
  const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) * 1024 : NaN;
}

function resetPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs the peak-RSS workload for one message of `size` bytes (the child runs with --expose-gc). */
export async function runRss(openConnection, { url, size }) {
  const conn = await openConnection(url);
  const done = createSignal();
  let received = 0;
  let target; // raw TCP: the floor, one preallocated buffer the bytes are copied into
  if (conn.kind === 'raw') {
    conn.onMessage((chunk) => {
      target ??= Buffer.allocUnsafe(size);
      chunk.copy(target, received);
      received += chunk.length;
      if (received >= size) done.resolve(target);
    });
  } else {
    conn.onMessage((data) => {
      received = measureMessage(data);
      done.resolve(data);
    });
  }
  globalThis.gc?.();
  globalThis.gc?.();
  const baselineBytes = readStatusKb('VmRSS');
  const peakReset = resetPeak();
  const start = nowMs();
  conn.send('go');
  const message = await done.promise;
  const elapsed = nowMs() - start;
  const peakBytes = peakReset ? readStatusKb('VmHWM') : readStatusKb('VmRSS');
  if (received !== size) throw new Error(`received ${received} bytes, expected ${size}`);
  const aboveBytes = peakBytes - baselineBytes;
  void message;
  await closeWithin(conn);
  return { seconds: elapsed / 1000, baselineBytes, peakBytes, aboveBytes, ratioToMessage: aboveBytes / size, peakReset };
}
