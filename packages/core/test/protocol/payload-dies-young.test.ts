// A big message the application has dropped must die young: freed by the next minor GC, as ws's
// are, not kept until a full GC. The partial-frame check, run on every read of a frame still
// arriving, once returned an object literal whose getter captured the payload received so far;
// V8 kept those alive through minor GCs, so a 1 MiB binary download held ~64 MiB of finished
// messages until each full GC (fixed 2026-12-05). Its own file: how V8 treats such literals
// depends on what ran before in the process, and here nothing has. Only V8 11 (Node 20) kept
// them: on Node 24 this test passes with the old literal too, so the Node 20 lane is the guard.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Opcode } from '../../src/codec/index.js';
import { createProtocol, serverFrame } from './wire.js';

// Vitest workers have no gc(); a fresh context made after this flag has one.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

const MiB = 1 << 20;

/** Array buffer memory of the process, in bytes. */
function arrayBufferBytes(): number {
  return process.memoryUsage().arrayBuffers;
}

/**
 * Minor GCs only (V8 sweeps dead ArrayBuffers concurrently: give it a moment after each) until
 * array buffer memory falls to `target` or ten tries have passed; returns the last figure.
 */
async function afterMinorGcs(target: number): Promise<number> {
  let bytes = arrayBufferBytes();
  for (let i = 0; i < 10 && bytes > target; i++) {
    gc({ type: 'minor' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    bytes = arrayBufferBytes();
  }
  return bytes;
}

describe('big messages the application dropped die young (minor GCs free them)', () => {
  it.each([
    ['borrowedInput: reads land in one reused buffer (the Node adapter)', true],
    ['fresh chunk per read', false],
  ])('eight 1 MiB binary messages, each in four reads: %s', async (_name, borrowedInput) => {
    const protocol = createProtocol({ pauseAfterMessage: true, borrowedInput });
    const frame = serverFrame(Opcode.Binary, new Uint8Array(MiB).fill(3));
    const readBuffer = new Uint8Array(MiB / 4 + 16);
    // From a collected heap, so that the baseline is what stays anyway.
    gc();
    const baseline = arrayBufferBytes();
    for (let message = 0; message < 8; message++) {
      for (let offset = 0; offset < frame.length; offset += readBuffer.length) {
        const read = frame.subarray(offset, offset + readBuffer.length);
        let chunk = read.slice();
        if (borrowedInput) {
          readBuffer.set(read);
          chunk = readBuffer.subarray(0, read.length);
        }
        protocol.receiveData(chunk);
        while (protocol.hasPendingInput()) protocol.processPendingInput();
        protocol.detachInput();
        protocol.eventsReceived();
      }
    }
    // Before the fix, with borrowedInput, the eight messages stayed: 8 MiB above the baseline.
    expect(await afterMinorGcs(baseline + 2 * MiB)).toBeLessThan(baseline + 2 * MiB);
    expect(protocol.state).toBe('open');
  });
});
