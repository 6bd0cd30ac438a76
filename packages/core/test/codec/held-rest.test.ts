import { describe, expect, it } from 'vitest';
import { HELD_REST_SPARE_MAX_BYTES, HeldRest } from '../../src/codec/held-rest.js';

const EMPTY = new Uint8Array(0);

describe('HeldRest (the rest of a read the application paused in)', () => {
  it('reuses the memory of a processed rest for the next one, and holds each rest byte for byte', () => {
    const allocated: number[] = [];
    const allocate = (length: number): Uint8Array => (allocated.push(length), new Uint8Array(length));
    const first = new HeldRest();
    const rest = first.hold(new Uint8Array(20_000).fill(7), allocate);
    expect(rest.length).toBe(20_000);
    expect(rest.every((byte) => byte === 7)).toBe(true);
    expect(first.holds(rest)).toBe(true);
    first.releaseUnless(EMPTY);
    const second = new HeldRest();
    const next = second.hold(new Uint8Array(30_000).fill(9), allocate);
    expect(next.every((byte) => byte === 9)).toBe(true);
    expect(next.buffer).toBe(rest.buffer);
    expect(allocated).toEqual([32_768]);
  });

  it('keeps no spare bigger than HELD_REST_SPARE_MAX_BYTES: a huge chunk is not kept for the life of the process', () => {
    const allocated: number[] = [];
    const allocate = (length: number): Uint8Array => (allocated.push(length), new Uint8Array(length));
    const huge = HELD_REST_SPARE_MAX_BYTES + 1;
    const first = new HeldRest();
    first.hold(new Uint8Array(huge), allocate);
    first.releaseUnless(EMPTY);
    new HeldRest().hold(new Uint8Array(huge), allocate);
    expect(allocated).toEqual([2 * HELD_REST_SPARE_MAX_BYTES, 2 * HELD_REST_SPARE_MAX_BYTES]);
  });

  it('does not release a rest while the decoder still parses it', () => {
    const held = new HeldRest();
    const rest = held.hold(new Uint8Array(20_000), (length) => new Uint8Array(length));
    held.releaseUnless(rest.subarray(100));
    expect(held.holds(rest)).toBe(true);
  });
});
