import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkEnvelope, Reassembler, splitMessage } from '../../src/policies/index.js';

const chunk = (messageId: number, index: number, final: boolean, payload: number[], isText = false) =>
  ChunkEnvelope.encode({ messageId, index, final, isText, payload: new Uint8Array(payload) });

describe('Reassembler', () => {
  it('rebuilds any message split at any size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (payload, size, isText) => {
        const reassembler = new Reassembler();
        const pieces = splitMessage(payload, size);
        const results = pieces.map((piece, index) =>
          reassembler.push(ChunkEnvelope.encode({ messageId: 1, index, final: index === pieces.length - 1, isText, payload: piece })));
        expect(results.slice(0, -1).every((r) => r.kind === 'partial')).toBe(true);
        expect(results.at(-1)).toEqual({ kind: 'message', isText, data: payload });
        expect(reassembler.pendingMessages).toBe(0);
      }),
    );
  });

  it('passes binary messages that are not envelopes through unchanged', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(new Reassembler().push(data)).toEqual({ kind: 'message', isText: false, data });
  });

  it('interleaves messages with different ids', () => {
    const reassembler = new Reassembler();
    expect(reassembler.push(chunk(1, 0, false, [1])).kind).toBe('partial');
    expect(reassembler.push(chunk(2, 0, false, [7])).kind).toBe('partial');
    expect(reassembler.push(chunk(1, 1, true, [2]))).toMatchObject({ kind: 'message', data: new Uint8Array([1, 2]) });
    expect(reassembler.push(chunk(2, 1, true, [8]))).toMatchObject({ kind: 'message', data: new Uint8Array([7, 8]) });
  });

  it('reports a missing index and discards the message', () => {
    const reassembler = new Reassembler();
    reassembler.push(chunk(1, 0, false, [1]));
    const result = reassembler.push(chunk(1, 2, true, [3]));
    expect(result.kind === 'error' && result.error.code).toBe('ERR_CHUNK_ORDER');
    expect(reassembler.pendingMessages).toBe(0);
  });

  it('reports a chunk without its start', () => {
    const result = new Reassembler().push(chunk(9, 1, true, [1]));
    expect(result.kind === 'error' && result.error.code).toBe('ERR_CHUNK_ORDER');
  });

  it('reports a message started twice', () => {
    const reassembler = new Reassembler();
    reassembler.push(chunk(1, 0, false, [1]));
    const result = reassembler.push(chunk(1, 0, false, [1]));
    expect(result.kind === 'error' && result.error.code).toBe('ERR_CHUNK_ORDER');
  });

  it('reports a change of the text flag inside a message', () => {
    const reassembler = new Reassembler();
    reassembler.push(chunk(1, 0, false, [1], true));
    const result = reassembler.push(chunk(1, 1, true, [1], false));
    expect(result.kind === 'error' && result.error.code).toBe('ERR_CHUNK_INVALID');
  });

  it('enforces maxMessageBytes before buffering', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 4 });
    reassembler.push(chunk(1, 0, false, [1, 2, 3]));
    const result = reassembler.push(chunk(1, 1, true, [4, 5]));
    expect(result.kind === 'error' && result.error.code).toBe('ERR_CHUNK_TOO_BIG');
    expect(reassembler.pendingMessages).toBe(0);
    const single = reassembler.push(chunk(2, 0, true, [1, 2, 3, 4, 5]));
    expect(single.kind === 'error' && single.error.code).toBe('ERR_CHUNK_TOO_BIG');
  });

  it('limits concurrent partial messages', () => {
    const reassembler = new Reassembler({ maxPartialMessages: 2 });
    reassembler.push(chunk(1, 0, false, [1]));
    reassembler.push(chunk(2, 0, false, [1]));
    const result = reassembler.push(chunk(3, 0, false, [1]));
    expect(result.kind === 'error' && result.error.code).toBe('ERR_CHUNK_TOO_MANY');
    expect(reassembler.push(chunk(3, 0, true, [1])).kind).toBe('message');
  });

  it('reports a malformed envelope', () => {
    const result = new Reassembler().push(new Uint8Array([0xa1, 1, 2]));
    expect(result.kind === 'error' && result.error.code).toBe('ERR_CHUNK_INVALID');
  });

  it('copies partial payloads, so a reused receive buffer cannot corrupt them', () => {
    const reassembler = new Reassembler();
    const first = chunk(1, 0, false, [1, 2]);
    reassembler.push(first);
    first.fill(0);
    expect(reassembler.push(chunk(1, 1, true, [3]))).toMatchObject({ data: new Uint8Array([1, 2, 3]) });
  });

  it('forgets partial messages on reset', () => {
    const reassembler = new Reassembler();
    reassembler.push(chunk(1, 0, false, [1]));
    reassembler.reset();
    expect(reassembler.pendingMessages).toBe(0);
  });
});
