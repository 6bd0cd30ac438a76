import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect } from '../src/index.js';
import { FakeWebSocket, installFakeBrowser } from './fake-web-socket.js';

let browser: ReturnType<typeof installFakeBrowser>;
beforeEach(() => {
  browser = installFakeBrowser();
});
afterEach(() => browser.restore());

describe('@weft/browser connect()', () => {
  it('looks the native WebSocket up at connect time and asks for ArrayBuffers', async () => {
    const socket = connect('wss://example.test/feed', { protocols: ['v1', 'v2'] });
    const native = FakeWebSocket.last;
    expect(native.url).toBe('wss://example.test/feed');
    expect(native.protocols).toEqual(['v1', 'v2']);
    expect(native.binaryType).toBe('arraybuffer');
    native.open('v2');
    await socket.opened;
    expect(socket.state).toBe('open');
    native.closeCalls.length = 0;
    const done = socket.close();
    expect(native.closeCalls).toEqual([{ code: 1000, reason: '' }]);
    native.closed(1000);
    await done;
  });

  it('throws a TypeError at once when the runtime has no WebSocket', () => {
    (globalThis as Record<string, unknown>).WebSocket = undefined;
    expect(() => connect('wss://example.test/')).toThrow(TypeError);
  });

  it('yields messages to for await, bounded by iteration.maxMessages since a native socket cannot pause', async () => {
    const socket = connect('wss://example.test/', { heartbeat: false, iteration: { maxMessages: 2 } });
    FakeWebSocket.last.open();
    const iterator = socket[Symbol.asyncIterator]();
    FakeWebSocket.last.receive('a');
    FakeWebSocket.last.receive(new Uint8Array([1]));
    FakeWebSocket.last.receive('overflow');
    expect(await iterator.next()).toEqual({ value: 'a', done: false });
    expect(await iterator.next()).toEqual({ value: new Uint8Array([1]), done: false });
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ERR_ITERATOR_OVERFLOW' });
    const done = socket.close();
    FakeWebSocket.last.closed(1000);
    await done;
  });

  it('delivers text as string and binary as Uint8Array, and sends both kinds', async () => {
    const socket = connect('wss://example.test/', { heartbeat: false });
    const seen: unknown[] = [];
    socket.on('message', (data) => seen.push(data));
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive('hi');
    FakeWebSocket.last.receive(new Uint8Array([1, 2]));
    socket.send('text');
    socket.send(new Uint8Array([3]).buffer);
    expect(seen).toEqual(['hi', new Uint8Array([1, 2])]);
    expect(FakeWebSocket.last.sent).toEqual(['text', new Uint8Array([3])]);
    const done = socket.close();
    FakeWebSocket.last.closed(1000);
    await done;
  });

  it('reconnects after a drop and removes its page listeners on close', async () => {
    const socket = connect('wss://example.test/', { heartbeat: false, reconnect: { minDelayMs: 1, maxDelayMs: 1 } });
    expect(browser.window.listeners).toBe(1);
    expect(browser.document.listeners).toBe(1);
    FakeWebSocket.last.open();
    FakeWebSocket.last.fail();
    socket.send('queued');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.last.open();
    expect(FakeWebSocket.last.sent).toEqual(['queued']);
    const done = socket.close();
    FakeWebSocket.last.closed(1000);
    await done;
    expect(browser.window.listeners).toBe(0);
    expect(browser.document.listeners).toBe(0);
  });

  it('drained() polls the native bufferedAmount, which has no drain event, and resolves once it is 0', async () => {
    const socket = connect('wss://example.test/', { heartbeat: false });
    const native = FakeWebSocket.last;
    native.open();
    await socket.opened;
    native.bufferedAmount = 64 * 1024;
    let drained = false;
    void socket.drained().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(drained).toBe(false);
    native.bufferedAmount = 0;
    await vi.waitFor(() => expect(drained).toBe(true), { timeout: 2000, interval: 5 });
    const done = socket.close();
    native.closed(1000);
    await done;
    await expect(socket.drained()).rejects.toMatchObject({ code: 'ERR_SOCKET_CLOSED' });
  });
});
