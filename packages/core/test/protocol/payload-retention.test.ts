// A message the application has dropped must be garbage at once, not kept reachable by the
// protocol until the next read arrives (on an idle connection: forever). With pauseAfterMessage
// the decoder's reused frame record held the last message of each read (fixed 2026-12-05).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import type { ProtocolOptions } from '../../src/protocol/index.js';
import { createProtocol, serverFrame } from './wire.js';

// Vitest workers have no gc(); a fresh context made after this flag has one.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Feeds `frame` in two reads (so its payload is assembled, not a view of a read), drops what was
 * delivered, collects garbage while the protocol stays alive (an idle connection), and tells
 * for each delivered payload whether it was collected.
 */
async function deliveredPayloadsCollected(options: Partial<ProtocolOptions>, frame: Uint8Array): Promise<boolean[]> {
  const protocol = createProtocol(options);
  const middle = frame.length >> 1;
  protocol.receiveData(frame.slice(0, middle));
  protocol.receiveData(frame.slice(middle));
  const refs = protocol.eventsReceived().flatMap((event) => ('data' in event && typeof event.data === 'object' ? [new WeakRef(event.data)] : []));
  // A WeakRef keeps its target until the current job ends: let it end, then collect.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  expect(protocol.state).toBe('open');
  return refs.map((ref) => ref.deref() === undefined);
}

describe('payloads the application dropped are not retained by the protocol', () => {
  it.each([
    ['pauseAfterMessage (the Node adapter)', { pauseAfterMessage: true }],
    ['without pauseAfterMessage', {}],
    ['with borrowedInput and pauseAfterMessage', { pauseAfterMessage: true, borrowedInput: true }],
  ])('a 1 MiB binary message that spanned two reads is collectable once dropped: %s', async (_name, options) => {
    expect(await deliveredPayloadsCollected(options, serverFrame(Opcode.Binary, new Uint8Array(1 << 20).fill(7)))).toEqual([true]);
  });

  it('a ping payload that spanned two reads is collectable once dropped', async () => {
    expect(await deliveredPayloadsCollected({ pauseAfterMessage: true }, serverFrame(Opcode.Ping, new Uint8Array(125).fill(1)))).toEqual([true]);
  });
});
