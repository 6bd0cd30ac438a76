import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../src/extensions/sliding-window.js';
import { create, MAX } from './deflate-fixtures.js';

describe('SlidingWindow keeps copies of what it is given', () => {
  it.each([
    ['longer than the window', 10],
    ['exactly as long as the window', 4],
    ['shorter than the window', 3],
  ])('keeps its bytes when a Buffer %s is overwritten after it was appended', (_, length) => {
    const window = new SlidingWindow(4);
    const data = Buffer.from(Array.from({ length }, (__, i) => i + 1));
    window.append(data);
    data.fill(0);
    expect([...window.tail()!]).toEqual(Array.from({ length }, (__, i) => i + 1).slice(-4));
  });

  it('sends a message the peer decodes right when the caller reused the previous message\'s Buffer (context takeover)', () => {
    // A 40 KiB message fills the whole 32 KiB compression window; the caller then reuses its
    // Buffer for the next message. The window must hold what was sent, not what the Buffer holds now.
    const client = create();
    const server = create();
    const reused = Buffer.alloc(40 * 1024, 'a');
    const first = client.encodeMessage(reused, true)!;
    reused.fill('b');
    const second = client.encodeMessage(reused, true)!;
    expect(Buffer.from(server.decodeMessage(first, MAX)).equals(Buffer.alloc(40 * 1024, 'a'))).toBe(true);
    expect(Buffer.from(server.decodeMessage(second, MAX)).equals(Buffer.alloc(40 * 1024, 'b'))).toBe(true);
  });
});
