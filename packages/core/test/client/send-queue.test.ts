import { describe, expect, it } from 'vitest';
import { startClient } from './setup.js';

describe('connect(): sending and the queue', () => {
  it('queues while connecting and flushes in order before any send made from open listeners', () => {
    const { factory, socket } = startClient();
    socket.send('one');
    socket.send(new Uint8Array([2]));
    socket.on('open', () => socket.send('four'));
    socket.on('state', (state) => state === 'open' && socket.send('three'));
    factory.last.acceptOpen();
    expect(factory.last.sent).toEqual(['one', new Uint8Array([2]), 'three', 'four']);
  });

  it('delivers queued messages once, in order, after a reconnect', () => {
    const { clock, factory, socket } = startClient();
    factory.last.acceptOpen();
    socket.send('before');
    factory.last.drop();
    socket.send('q1');
    socket.send('q2');
    clock.advance(250);
    factory.last.drop();
    socket.send('q3');
    clock.advance(500);
    factory.last.acceptOpen();
    socket.send('after');
    expect(factory.connections.map((c) => c.sent)).toEqual([['before'], [], ['q1', 'q2', 'q3', 'after']]);
  });

  it('snapshots queued bytes so later changes by the caller do not leak in', () => {
    const { factory, socket } = startClient();
    const bytes = new Uint8Array([1, 2, 3]);
    socket.send(bytes);
    bytes[0] = 9;
    factory.last.acceptOpen();
    expect(factory.last.sent).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('sends ArrayBuffer and any ArrayBufferView as binary, respecting the view window', () => {
    const { factory, socket } = startClient();
    factory.last.acceptOpen();
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer;
    socket.send(buffer);
    socket.send(new DataView(buffer, 2, 2));
    socket.send(new Uint16Array(buffer, 4, 1));
    expect(factory.last.sent).toEqual([new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]), new Uint8Array([2, 3]), new Uint8Array([4, 5])]);
  });

  it('throws a TypeError for anything else', () => {
    const { socket } = startClient();
    expect(() => socket.send(42 as never)).toThrow(TypeError);
    expect(() => socket.send({} as never)).toThrow(TypeError);
  });

  it('throws ERR_QUEUE_FULL instead of dropping when the queue is full', () => {
    const { socket } = startClient({ queue: { maxMessages: 2 } });
    socket.send('a');
    socket.send('b');
    expect(() => socket.send('c')).toThrow(expect.objectContaining({ code: 'ERR_QUEUE_FULL' }));
  });

  it('counts queued bytes in bufferedAmount, then the connection’s own', () => {
    const { factory, socket } = startClient();
    socket.send('héllo');
    expect(socket.bufferedAmount).toBe(6);
    factory.last.acceptOpen();
    factory.last.bufferedAmount = 42;
    expect(socket.bufferedAmount).toBe(42);
  });

  it('throws ERR_SOCKET_CLOSED after close()', async () => {
    const { socket } = startClient();
    await socket.close();
    expect(() => socket.send('late')).toThrow(expect.objectContaining({ code: 'ERR_SOCKET_CLOSED' }));
  });
});
