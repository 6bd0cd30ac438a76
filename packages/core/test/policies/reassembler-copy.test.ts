import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { ChunkEnvelope, Reassembler } from '../../src/policies/index.js';

describe('Reassembler chunk parts', () => {
  it('keep their bytes when the caller reuses the Buffer of an earlier chunk', () => {
    const reassembler = new Reassembler();
    const envelope = (index: number, final: boolean, payload: number[]) =>
      ChunkEnvelope.encode({ messageId: 3, index, final, isText: false, payload: Uint8Array.from(payload) });
    // One Buffer reused for every received message, as a read loop with a fixed buffer does.
    const reused = Buffer.alloc(envelope(0, false, [1, 2, 3]).length);
    reused.set(envelope(0, false, [1, 2, 3]));
    expect(reassembler.push(reused).kind).toBe('partial');
    reused.set(envelope(1, false, [4, 5, 6]));
    expect(reassembler.push(reused).kind).toBe('partial');
    reused.set(envelope(2, true, [7, 8, 9]));
    const result = reassembler.push(reused);
    expect(result.kind === 'message' && [...result.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
