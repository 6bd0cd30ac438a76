import { describe, expect, it } from 'vitest';
import { WeftError } from '../../src/errors/index.js';
import { measureUtf8Bytes, SendQueue } from '../../src/policies/index.js';

describe('SendQueue', () => {
  it('keeps messages in order and counts their bytes', () => {
    const queue = new SendQueue();
    queue.enqueue('a');
    queue.enqueue(new Uint8Array(3));
    queue.enqueue('é');
    expect(queue.length).toBe(3);
    expect(queue.bytes).toBe(1 + 3 + 2);
    expect(queue.shift()).toBe('a');
    expect(queue.bytes).toBe(5);
    expect(queue.drain()).toEqual([new Uint8Array(3), 'é']);
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('defaults to 1 000 messages and 16 MiB', () => {
    const queue = new SendQueue();
    expect(queue.maxMessages).toBe(1000);
    expect(queue.maxBytes).toBe(16 * 1024 * 1024);
  });

  it('throws ERR_QUEUE_FULL past maxMessages and keeps what it had', () => {
    const queue = new SendQueue({ maxMessages: 2 });
    queue.enqueue('1');
    queue.enqueue('2');
    let error: unknown;
    try {
      queue.enqueue('3');
    } catch (caught) {
      error = caught;
    }
    expect(WeftError.isWeftError(error)).toBe(true);
    expect((error as WeftError).code).toBe('ERR_QUEUE_FULL');
    expect(queue.drain()).toEqual(['1', '2']);
  });

  it('throws ERR_QUEUE_FULL past maxBytes', () => {
    const queue = new SendQueue({ maxBytes: 10 });
    queue.enqueue(new Uint8Array(6));
    expect(() => queue.enqueue(new Uint8Array(5))).toThrow(expect.objectContaining({ code: 'ERR_QUEUE_FULL' }));
    queue.enqueue(new Uint8Array(4));
    expect(queue.bytes).toBe(10);
  });

  it('stays ordered across many shifts and pushes (compaction)', () => {
    const queue = new SendQueue({ maxMessages: 100_000 });
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) queue.enqueue(String(next++));
      for (let i = 0; i < 60; i++) expect(queue.shift()).toBe(String(expected++));
    }
    for (const item of queue.drain()) expect(item).toBe(String(expected++));
    expect(expected).toBe(next);
  });

  it('measures UTF-8 like an encoder would', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', '\ud800', 'a\udc00b', '\ud83d']) {
      const expected = new TextEncoder().encode(text).byteLength;
      expect(measureUtf8Bytes(text)).toBe(expected);
    }
  });
});
