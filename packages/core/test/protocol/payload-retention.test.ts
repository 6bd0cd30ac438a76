// A message the application has dropped must be garbage at once, not kept reachable by the
// protocol until the next read arrives (on an idle connection: forever). A payload that stays
// reachable through a minor GC is also promoted, and then only a major GC frees it: on a stream
// of 1 MiB messages that meant 6–7 major GCs per 512 MiB and twice the page faults of ws.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { createProtocol, serverFrame } from './wire.js';

// Vitest workers have no gc(); a fresh context made after this flag has one.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Feeds `frame` in two reads (so its payload is assembled, not a view) and returns weak refs to what was delivered. */
function receiveInTwoReads(options: Parameters<typeof createProtocol>[0], frame: Uint8Array): WeakRef<object>[] {
  const protocol = createProtocol(options);
  const middle = frame.length >> 1;
  protocol.receiveData(frame.slice(0, middle));
  protocol.receiveData(frame.slice(middle));
  const refs = protocol.eventsReceived().flatMap((event) => ('data' in event && typeof event.data === 'object' ? [new WeakRef(event.data)] : []));
  // The protocol stays alive (an idle connection): only what it holds back is measured.
  (globalThis as { keepProtocol?: unknown }).keepProtocol = protocol;
  return refs;
}

/** A WeakRef keeps its target until the current job ends: let it end, then collect. */
async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

describe('payloads the application dropped are not retained by the protocol', () => {
  it.each([
    ['pauseAfterMessage (the Node adapter)', { pauseAfterMessage: true }],
    ['without pauseAfterMessage', {}],
    ['with borrowedInput and pauseAfterMessage', { pauseAfterMessage: true, borrowedInput: true }],
  ])('a 1 MiB binary message that spanned two reads is collectable once dropped: %s', async (_name, options) => {
    const refs = receiveInTwoReads(options, serverFrame(Opcode.Binary, new Uint8Array(1 << 20).fill(7)));
    expect(refs).toHaveLength(1);
    await collectGarbage();
    expect(refs.map((ref) => ref.deref() === undefined)).toEqual([true]);
    delete (globalThis as { keepProtocol?: unknown }).keepProtocol;
  });

  it('a ping payload that spanned two reads is collectable once dropped', async () => {
    const refs = receiveInTwoReads({ pauseAfterMessage: true }, serverFrame(Opcode.Ping, new Uint8Array(125).fill(1)));
    expect(refs).toHaveLength(1);
    await collectGarbage();
    expect(refs.map((ref) => ref.deref() === undefined)).toEqual([true]);
    delete (globalThis as { keepProtocol?: unknown }).keepProtocol;
  });
});
