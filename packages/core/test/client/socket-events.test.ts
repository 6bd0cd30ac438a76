import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../../src/client/socket-events.js';

describe('connect() listeners (the socket emitter)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('calls every listener of an event in the order they were added', () => {
    const emitter = createEmitter();
    const calls: string[] = [];
    emitter.on('message', (data) => calls.push(`a:${String(data)}`));
    emitter.on('message', (data) => calls.push(`b:${String(data)}`));
    emitter.emit('message', 'x');
    expect(calls).toEqual(['a:x', 'b:x']);
  });

  it('a listener added by a listener hears from the next event on, not the current one', () => {
    const emitter = createEmitter();
    const late: unknown[] = [];
    let added = false;
    emitter.on('message', () => {
      if (added) return;
      added = true;
      emitter.on('message', (data) => late.push(data));
    });
    emitter.emit('message', 'first');
    emitter.emit('message', 'second');
    expect(late).toEqual(['second']);
  });

  it('a listener removed by an earlier listener still hears the current event, and no later one', () => {
    const emitter = createEmitter();
    const heard: unknown[] = [];
    let off: () => void = () => {};
    emitter.on('message', () => off());
    off = emitter.on('message', (data) => heard.push(data));
    emitter.emit('message', 'current');
    emitter.emit('message', 'later');
    expect(heard).toEqual(['current']);
  });

  it('the same function added twice is called once, and one unsubscribe removes it', () => {
    const emitter = createEmitter();
    const fn = vi.fn();
    const off = emitter.on('message', fn);
    emitter.on('message', fn);
    emitter.emit('message', 'once');
    off();
    emitter.emit('message', 'never');
    expect(fn.mock.calls).toEqual([['once']]);
  });

  it('either unsubscribe function of a function added twice removes it', () => {
    const emitter = createEmitter();
    const fn = vi.fn();
    emitter.on('message', fn);
    const second = emitter.on('message', fn);
    second();
    emitter.emit('message', 'never');
    expect(fn).not.toHaveBeenCalled();
  });

  it('a listener that unsubscribes itself hears the current event once, and the others still do', () => {
    const emitter = createEmitter();
    const heard: string[] = [];
    const off = emitter.on('message', (data) => {
      heard.push(`once:${String(data)}`);
      off();
    });
    emitter.on('message', (data) => heard.push(`always:${String(data)}`));
    emitter.emit('message', 'a');
    emitter.emit('message', 'b');
    expect(heard).toEqual(['once:a', 'always:a', 'always:b']);
  });

  it('an emit from inside a listener runs to completion first, and the outer emit then carries on', () => {
    const emitter = createEmitter();
    const order: string[] = [];
    emitter.on('message', (data) => {
      order.push(`first:${String(data)}`);
      if (data === 'outer') emitter.emit('message', 'inner');
    });
    emitter.on('message', (data) => order.push(`second:${String(data)}`));
    emitter.emit('message', 'outer');
    expect(order).toEqual(['first:outer', 'first:inner', 'second:inner', 'second:outer']);
  });

  it('unsubscribing twice, or after the listener is gone, changes nothing else', () => {
    const emitter = createEmitter();
    const kept = vi.fn();
    const off = emitter.on('message', vi.fn());
    emitter.on('message', kept);
    off();
    off();
    emitter.emit('message', 'x');
    expect(kept).toHaveBeenCalledOnce();
  });

  it('a throwing listener does not stop the others; its error is rethrown as a rejection', () => {
    const emitter = createEmitter();
    const boom = new Error('listener failed');
    // Observe the rejection without leaving it unhandled (the test runner would fail the run).
    const reject = vi.spyOn(Promise, 'reject').mockImplementation(() => Promise.resolve() as Promise<never>);
    const after = vi.fn();
    emitter.on('message', () => {
      throw boom;
    });
    emitter.on('message', after);
    emitter.emit('message', 'x');
    expect(after).toHaveBeenCalledWith('x');
    expect(reject).toHaveBeenCalledWith(boom);
  });

  it('refuses a listener that is not a function', () => {
    const emitter = createEmitter();
    expect(() => emitter.on('message', 'nope' as never)).toThrow(TypeError);
    expect(() => emitter.on('close', undefined as never)).toThrow("listener for 'close' must be a function; got undefined");
  });
});
