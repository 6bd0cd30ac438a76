import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { FragmentBuffer } from '../../src/protocol/fragment-buffer.js';

const pattern = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff));

describe('FragmentBuffer', () => {
  it('copies a fragment that is a small view of a big Buffer instead of sharing (and pinning) its memory', () => {
    const read = Buffer.alloc(64 * 1024);
    const bytes = pattern(2000, 1);
    read.set(bytes, 100);
    const fragments = new FragmentBuffer();
    fragments.add(read.subarray(100, 2100));
    const joined = fragments.join();
    expect(joined.buffer).not.toBe(read.buffer);
    expect(joined.buffer.byteLength).toBeLessThan(read.length / 2);
    read.fill(0);
    expect(Buffer.from(joined).equals(bytes)).toBe(true);
  });

  it('keeps the bytes of such a fragment when the Buffer is reused before the message completes', () => {
    const read = Buffer.alloc(64 * 1024);
    const first = pattern(1500, 2);
    const second = pattern(1200, 3);
    const fragments = new FragmentBuffer();
    read.set(first);
    fragments.add(read.subarray(0, first.length));
    read.set(second);
    fragments.add(read.subarray(0, second.length));
    expect(Buffer.from(fragments.join()).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it.each([
    ['returns a longer buffer', (length: number) => new Uint8Array(length + 8)],
    ['returns a shorter buffer', (length: number) => new Uint8Array(Math.max(0, length - 1))],
    ['throws', (): Uint8Array => { throw new RangeError('out of memory'); }],
  ])('refuses with 1009, instead of delivering wrong bytes, when the allocator %s', (_, allocate) => {
    // Each way a buffer is made: the growing buffer of small fragments, a copy, the join.
    const attempts = [
      (fragments: FragmentBuffer) => fragments.add(pattern(10, 1)),
      (fragments: FragmentBuffer) => fragments.add(new Uint8Array(pattern(4000, 2)).subarray(0, 1500)),
      (fragments: FragmentBuffer) => {
        fragments.add(new Uint8Array(pattern(3000, 3)));
        fragments.add(new Uint8Array(pattern(3000, 4)));
        return fragments.join();
      },
    ];
    for (const attempt of attempts) {
      expect(() => attempt(new FragmentBuffer(false, allocate))).toThrow(expect.objectContaining({ closeCode: 1009, code: 'ERR_FRAME_TOO_BIG' }));
    }
  });

  it('still keeps a big fragment that fills most of its chunk as a view (no copy)', () => {
    const chunk = new Uint8Array(pattern(3000, 4));
    const fragments = new FragmentBuffer();
    fragments.add(chunk.subarray(0, 2000));
    expect(fragments.join().buffer).toBe(chunk.buffer);
  });

  it('copies even a fragment that fills its chunk with borrowedInput', () => {
    const chunk = new Uint8Array(pattern(3000, 5));
    const fragments = new FragmentBuffer(true);
    fragments.add(chunk.subarray(0, 2000));
    chunk.fill(0);
    const joined = fragments.join();
    expect(joined.buffer).not.toBe(chunk.buffer);
    expect(Buffer.from(joined).equals(pattern(2000, 5))).toBe(true);
  });

  describe('with the platform allocator (garbage inside, as on Node)', () => {
    const garbageAllocator = (asked: number[]) => (length: number) => {
      asked.push(length);
      return new Uint8Array(length).fill(0xee);
    };

    it('keeps a message of two 16-byte fragments in one small buffer from the allocator, not a 4 KiB array', () => {
      const asked: number[] = [];
      const fragments = new FragmentBuffer(true, garbageAllocator(asked));
      fragments.add(pattern(16, 1));
      fragments.add(pattern(16, 2));
      const joined = fragments.join();
      expect(asked).toEqual([32]);
      expect(Buffer.from(joined).equals(Buffer.concat([pattern(16, 1), pattern(16, 2)]))).toBe(true);
    });

    it('keeps nothing for an empty final fragment, so a single large fragment is not copied twice', () => {
      const asked: number[] = [];
      const fragments = new FragmentBuffer(true, garbageAllocator(asked));
      fragments.add(pattern(2000, 9));
      fragments.add(new Uint8Array(0));
      const joined = fragments.join();
      expect([asked, fragments.count, fragments.byteLength]).toEqual([[2000], 2, 2000]);
      expect(Buffer.from(joined).equals(pattern(2000, 9))).toBe(true);
      const none = new FragmentBuffer(true, garbageAllocator([]));
      none.add(new Uint8Array(0));
      none.add(new Uint8Array(0));
      expect(none.join().length).toBe(0);
    });

    it('fills its buffer exactly with two or four equal fragments, so nothing is copied again', () => {
      for (const [size, count, expected] of [[256, 4, [512, 1024]], [16, 2, [32]], [700, 2, [1400]]] as const) {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, garbageAllocator(asked));
        for (let i = 0; i < count; i++) fragments.add(pattern(size, i));
        expect(fragments.join().length).toBe(size * count);
        expect(asked).toEqual(expected);
      }
    });

    it('never hands on unwritten allocator memory: the joined message spans its whole buffer', () => {
      for (const sizes of [[16, 16], [300, 300, 300, 100], [1000, 24], [0], [0, 0], [128, 128]]) {
        const fragments = new FragmentBuffer(true, garbageAllocator([]));
        const parts = sizes.map((size, i) => pattern(size, i));
        for (const part of parts) fragments.add(part);
        const joined = fragments.join();
        expect([joined.byteOffset, joined.buffer.byteLength]).toEqual([0, joined.length]);
        expect(Buffer.from(joined).equals(Buffer.concat(parts))).toBe(true);
      }
    });

    it('copies large borrowed fragments into the allocator\'s memory and joins them there', () => {
      const asked: number[] = [];
      const read = new Uint8Array(8192);
      const fragments = new FragmentBuffer(true, garbageAllocator(asked));
      read.set(pattern(2000, 3));
      fragments.add(read.subarray(0, 2000));
      read.set(pattern(3000, 4));
      fragments.add(read.subarray(0, 3000));
      read.fill(0);
      const joined = fragments.join();
      expect(asked).toEqual([2000, 3000, 5000]);
      expect(Buffer.from(joined).equals(Buffer.concat([pattern(2000, 3), pattern(3000, 4)]))).toBe(true);
    });

    describe('with room reserved for the message (expectedBytes: the last fragmented message\'s size)', () => {
      const quarters = [0, 1, 2, 3].map((i) => pattern(16 * 1024, i));
      const addBorrowed = (fragments: FragmentBuffer, parts: Uint8Array[]) => {
        const read = new Uint8Array(64 * 1024);
        for (const part of parts) {
          read.set(part);
          fragments.add(read.subarray(0, part.length));
          read.fill(0);
        }
      };

      it('copies each byte of a message as long as the last once: its fragments fill one buffer, which is the message', () => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, garbageAllocator(asked), 64 * 1024);
        addBorrowed(fragments, quarters);
        const joined = fragments.join();
        expect(asked).toEqual([64 * 1024]);
        expect([joined.byteOffset, joined.buffer.byteLength]).toEqual([0, 64 * 1024]);
        expect(Buffer.from(joined).equals(Buffer.concat(quarters))).toBe(true);
      });

      it('without room, copies each fragment and then joins them (the cost a wrong guess may not exceed)', () => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, garbageAllocator(asked));
        addBorrowed(fragments, quarters);
        expect(Buffer.from(fragments.join()).equals(Buffer.concat(quarters))).toBe(true);
        expect(asked).toEqual([16 * 1024, 16 * 1024, 16 * 1024, 16 * 1024, 64 * 1024]);
      });

      it.each([
        ['smaller than the message', 40 * 1024],
        ['larger than the message', 100 * 1024],
        ['much smaller than one fragment', 100],
      ])('delivers exactly the message, in a buffer it spans, allocating at most the room on top of what no room costs, when the room is %s', (_, room) => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, garbageAllocator(asked), room);
        addBorrowed(fragments, quarters);
        const joined = fragments.join();
        expect([joined.byteOffset, joined.buffer.byteLength]).toEqual([0, 64 * 1024]);
        expect(Buffer.from(joined).equals(Buffer.concat(quarters))).toBe(true);
        expect(asked.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(room + 2 * 64 * 1024);
      });

      it('gives bytes that are only decoded (join(false)) as a view of the room they filled, with no copy', () => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, garbageAllocator(asked), 96 * 1024);
        addBorrowed(fragments, quarters);
        const view = fragments.join(false);
        expect(asked).toEqual([96 * 1024]);
        expect(view.length).toBe(64 * 1024);
        expect(Buffer.from(view).equals(Buffer.concat(quarters))).toBe(true);
      });

      it('reserves no room without borrowedInput: fragments stay views until the one join', () => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(false, garbageAllocator(asked), 64 * 1024);
        fragments.add(pattern(100, 1));
        fragments.add(new Uint8Array(pattern(5000, 2)));
        const joined = fragments.join();
        expect(asked).toEqual([200, 5100]);
        expect(Buffer.from(joined).equals(Buffer.concat([pattern(100, 1), pattern(5000, 2)]))).toBe(true);
      });

      it('does not grow a room started by a small fragment when the message outgrows it: it starts a new buffer', () => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, garbageAllocator(asked), 1000);
        const parts = [pattern(10, 1), pattern(995, 2)];
        addBorrowed(fragments, parts);
        const joined = fragments.join();
        expect(asked).toEqual([1000, 1990, 1005]);
        expect([joined.byteOffset, joined.buffer.byteLength]).toEqual([0, 1005]);
        expect(Buffer.from(joined).equals(Buffer.concat(parts))).toBe(true);
      });

      it('goes on without the room when the allocator cannot make it, instead of failing the message', () => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, (length) => {
          if (length > 40_000) throw new RangeError('no memory for that');
          return garbageAllocator(asked)(length);
        }, 1024 * 1024);
        addBorrowed(fragments, quarters.slice(0, 2));
        expect(Buffer.from(fragments.join()).equals(Buffer.concat(quarters.slice(0, 2)))).toBe(true);
        expect(asked).toEqual([16 * 1024, 16 * 1024, 32 * 1024]);
      });

      it('does not grow a reserved buffer by copying it when a small fragment no longer fits: it starts a new one', () => {
        const asked: number[] = [];
        const fragments = new FragmentBuffer(true, garbageAllocator(asked), 32 * 1024);
        const parts = [quarters[0], quarters[1], pattern(10, 7)];
        addBorrowed(fragments, parts);
        expect(asked).toEqual([32 * 1024, 20]);
        expect(Buffer.from(fragments.join()).equals(Buffer.concat(parts))).toBe(true);
      });
    });

    it('holds many tiny fragments in at most about twice their bytes, reading back only what was written', () => {
      const asked: number[] = [];
      const fragments = new FragmentBuffer(true, garbageAllocator(asked));
      const parts = Array.from({ length: 500 }, (_, i) => pattern(10, i));
      for (const part of parts) fragments.add(part);
      const joined = fragments.join();
      expect(Math.max(...asked)).toBeLessThanOrEqual(2 * 5000);
      // Doubling from twice the first fragment: one buffer per doubling, and one exact copy.
      expect(asked.length).toBeLessThanOrEqual(Math.ceil(Math.log2(5000 / 20)) + 2);
      expect(Buffer.from(joined).equals(Buffer.concat(parts))).toBe(true);
    });
  });
});
