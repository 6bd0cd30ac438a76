import { describe, expect, it } from 'vitest';
import type { MessageData } from '../../src/policies/index.js';
import { flushMicrotasks } from './fake-factory.js';
import { socketRuntime } from '../../src/client/index.js';
import { startClient } from './setup.js';

describe('connect(): async iteration', () => {
  it('yields messages in order', async () => {
    const { factory, socket } = startClient();
    factory.last.acceptOpen();
    const iterator = socket[Symbol.asyncIterator]();
    factory.last.receive('a');
    factory.last.receive(new Uint8Array([1]));
    expect(await iterator.next()).toEqual({ value: 'a', done: false });
    expect(await iterator.next()).toEqual({ value: new Uint8Array([1]), done: false });
    const pending = iterator.next();
    factory.last.receive('c');
    expect(await pending).toEqual({ value: 'c', done: false });
  });

  it('yields every message once, in order, when the consumer never empties its buffer', async () => {
    const { factory, socket } = startClient({ iteration: { highWaterMark: 100_000, maxMessages: 100_000 } });
    factory.last.acceptOpen();
    const iterator = socket[Symbol.asyncIterator]();
    // Three messages in, two out, again and again: the buffer grows slowly and never empties, so
    // the slots taken at its front must be dropped while messages stay queued behind them.
    const taken: string[] = [];
    let sent = 0;
    while (sent < 9_000) {
      for (let i = 0; i < 3; i++) factory.last.receive(String(sent++));
      for (let i = 0; i < 2; i++) taken.push((await iterator.next()).value as string);
    }
    while (taken.length < sent) taken.push((await iterator.next()).value as string);
    expect(taken).toEqual(Array.from({ length: sent }, (_, i) => String(i)));
  });

  it('pauses the connection above the high-water mark and resumes below the low one', async () => {
    const { factory, socket } = startClient({ iteration: { highWaterMark: 4, lowWaterMark: 1 } });
    factory.last.acceptOpen();
    const iterator = socket[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) factory.last.receive(String(i));
    expect(factory.last.paused).toBe(1);
    await iterator.next();
    await iterator.next();
    expect(factory.last.resumed).toBe(0);
    await iterator.next();
    expect(factory.last.resumed).toBe(1);
  });

  it('pauses a new connection when the consumer is still behind after a reconnect', async () => {
    const { clock, factory, socket } = startClient({ iteration: { highWaterMark: 2, lowWaterMark: 0 } });
    factory.last.acceptOpen();
    socket[Symbol.asyncIterator]();
    factory.last.receive('1');
    factory.last.receive('2');
    factory.last.drop();
    clock.advance(250);
    expect(factory.last.paused).toBe(1);
  });

  it('refuses water marks out of order at connect() where connections can pause', () => {
    expect(() => startClient({ iteration: { highWaterMark: 4, lowWaterMark: 5 } })).toThrow(RangeError);
    expect(() => startClient({ iteration: { highWaterMark: 8, maxMessages: 4 } })).toThrow(RangeError);
    expect(() => startClient({ iteration: { maxMessages: 0 } })).toThrow(RangeError);
  });

  it('without pausable connections (browsers) never pauses, and is bounded by maxMessages only', async () => {
    const { factory, socket } = startClient({ iteration: { highWaterMark: 1, maxMessages: 3 } }, undefined, false, socketRuntime);
    factory.last.acceptOpen();
    const iterator = socket[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) factory.last.receive(String(i));
    expect(factory.last.paused).toBe(0);
    for (const expected of ['0', '1', '2']) expect((await iterator.next()).value).toBe(expected);
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ERR_ITERATOR_OVERFLOW' });
  });

  it('fails with ERR_ITERATOR_OVERFLOW after the buffered messages when it cannot keep up', async () => {
    const { factory, socket } = startClient({ iteration: { highWaterMark: 2, lowWaterMark: 1, maxMessages: 3 } });
    factory.last.acceptOpen();
    const iterator = socket[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) factory.last.receive(String(i));
    expect((await iterator.next()).value).toBe('0');
    expect((await iterator.next()).value).toBe('1');
    expect((await iterator.next()).value).toBe('2');
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ERR_ITERATOR_OVERFLOW' });
  });

  it('stops buffering and releases backpressure when the loop breaks', async () => {
    const { factory, socket } = startClient({ iteration: { highWaterMark: 2, lowWaterMark: 0 } });
    factory.last.acceptOpen();
    const seen: MessageData[] = [];
    const loop = (async () => {
      for await (const data of socket) {
        seen.push(data);
        break;
      }
    })();
    factory.last.receive('a');
    await loop;
    factory.last.receive('b');
    factory.last.receive('c');
    factory.last.receive('d');
    expect(seen).toEqual(['a']);
    expect(factory.last.paused).toBe(0);
  });

  it('ends with the give-up error when the client stops on its own', async () => {
    const { factory, socket } = startClient();
    factory.last.acceptOpen();
    const iterator = socket[Symbol.asyncIterator]();
    factory.last.receive('last words');
    factory.last.closeFromServer(1008, 'banned');
    expect((await iterator.next()).value).toBe('last words');
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ERR_CONNECTION_FAILED' });
  });

  it('ends at once when created after the final close', async () => {
    const { socket } = startClient();
    await socket.close();
    await flushMicrotasks();
    expect(await socket[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
  });

  it('lets on() listeners unsubscribe', () => {
    const { factory, socket } = startClient();
    const seen: MessageData[] = [];
    const off = socket.on('message', (data) => seen.push(data));
    factory.last.acceptOpen();
    factory.last.receive('1');
    off();
    factory.last.receive('2');
    expect(seen).toEqual(['1']);
  });
});
