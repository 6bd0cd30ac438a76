import { getEventListeners, once } from 'node:events';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defineEventHandlers, deliverMessage } from '../src/event-handlers.js';
import { MessageEvent } from '../src/events.js';
import { withUncaughtCaptured } from './support/uncaught.js';

class Target extends EventTarget {
  declare onmessage: ((this: Target, event: MessageEvent) => unknown) | null;
}
defineEventHandlers(Target.prototype, ['message']);

/** Delivers `data` and returns the event the handler or listeners saw (the last one). */
function deliver(target: Target, data: unknown): MessageEvent {
  let seen: MessageEvent | undefined;
  const spy = (event: Event): void => {
    seen = event as MessageEvent;
  };
  // Read the event through the handler itself: it is the one event every listener is given.
  const handler = target.onmessage;
  if (handler !== null) {
    target.onmessage = function (event) {
      spy(event);
      return handler.call(this, event);
    };
  }
  deliverMessage(target, data, 'ws://x', 12.5);
  if (handler !== null) target.onmessage = handler;
  return seen as MessageEvent;
}

describe('delivering a message to the onmessage handler', () => {
  it('shows the handler what dispatchEvent would: this, target, currentTarget, phase, path', () => {
    const target = new Target();
    const seen: unknown[] = [];
    target.onmessage = function (event) {
      seen.push(this === target, event.target === target, event.currentTarget === target, event.srcElement === target,
        event.eventPhase, event.composedPath().length, event.data);
    };
    const event = deliver(target, 'hi');
    expect(seen).toEqual([true, true, true, true, 2, 1, 'hi']);
    // After dispatch: target stays, currentTarget and the phase reset (WHATWG DOM).
    expect([event.target === target, event.currentTarget, event.eventPhase, event.composedPath()]).toEqual([true, null, 0, []]);
  });

  it('matches what a real dispatchEvent shows once another listener exists', () => {
    const target = new Target();
    const order: string[] = [];
    const phases: number[] = [];
    target.onmessage = (event) => {
      order.push(`handler:${String(event.data)}`);
      phases.push(event.eventPhase);
    };
    deliver(target, 1);
    target.addEventListener('message', (event) => order.push(`listener:${String((event as MessageEvent).data)}`));
    const event = deliver(target, 2);
    expect(order).toEqual(['handler:1', 'handler:2', 'listener:2']);
    expect(phases).toEqual([2, 2]);
    expect([event.target === target, event.currentTarget, event.eventPhase]).toEqual([true, null, 0]);
  });

  it('calls the current handler, and nothing once it is cleared', () => {
    const target = new Target();
    const calls: string[] = [];
    target.onmessage = () => calls.push('first');
    target.onmessage = () => calls.push('second');
    deliver(target, 1);
    target.onmessage = null;
    deliver(target, 2);
    expect(calls).toEqual(['second']);
  });

  it('reports a throwing handler as uncaught on the next tick and returns normally', async () => {
    const target = new Target();
    await withUncaughtCaptured(async (reported) => {
      target.onmessage = () => {
        throw new Error('handler failed');
      };
      expect(() => deliver(target, 1)).not.toThrow();
      expect(reported).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect((reported[0] as Error).message).toBe('handler failed');
    });
  });

  it('keeps the constant WHATWG fields of a MessageEvent', () => {
    const target = new Target();
    target.onmessage = () => undefined;
    const event = deliver(target, 'x');
    expect([event.lastEventId, event.source, event.ports, event.origin, event instanceof Event, event instanceof MessageEvent])
      .toEqual(['', null, [], 'ws://x', true, true]);
  });

  it('shows the Event fields of a non-cancelable, untrusted, non-bubbling event', () => {
    const target = new Target();
    const seen: unknown[] = [];
    target.onmessage = (event) => {
      event.preventDefault();
      event.stopPropagation();
      seen.push(event.type, event.bubbles, event.cancelable, event.composed, event.isTrusted, event.defaultPrevented,
        event.returnValue, event.cancelBubble, event.timeStamp);
    };
    deliver(target, 1);
    expect(seen).toEqual(['message', false, false, false, false, false, true, true, 12.5]);
  });

  it('can be inspected and logged', () => {
    const target = new Target();
    target.onmessage = () => undefined;
    expect(inspect(deliver(target, 'payload'))).toContain("data: 'payload'");
  });

  it('builds no event when nothing listens', () => {
    expect(() => deliverMessage(new Target(), 'x', 'ws://x', 0)).not.toThrow();
  });
});

describe('delivering a message to addEventListener listeners', () => {
  const deliverTo = (target: Target, data: unknown): void => deliverMessage(target, data, 'ws://x', 1);

  it('calls listeners and the onmessage handler in the order they were added, without dispatchEvent', () => {
    const target = new Target();
    const order: string[] = [];
    let dispatched = 0;
    const dispatch = target.dispatchEvent.bind(target);
    target.dispatchEvent = (event) => (dispatched++, dispatch(event));
    target.addEventListener('message', (event) => order.push(`a:${String((event as MessageEvent).data)}`));
    target.onmessage = (event) => order.push(`handler:${String(event.data)}`);
    target.addEventListener('message', { handleEvent: (event) => order.push(`b:${String((event as MessageEvent).data)}`) });
    deliverTo(target, 1);
    expect(order).toEqual(['a:1', 'handler:1', 'b:1']);
    expect(dispatched).toBe(0);
  });

  it('shows listeners the this, target, currentTarget and phase of a dispatch', () => {
    const target = new Target();
    const seen: unknown[] = [];
    let kept: Event | undefined;
    target.addEventListener('message', function (this: unknown, event) {
      kept = event;
      seen.push(this === target, event.target === target, event.currentTarget === target, event.eventPhase, event instanceof MessageEvent);
    });
    deliverTo(target, 'x');
    expect(seen).toEqual([true, true, true, 2, true]);
    expect([kept?.currentTarget, kept?.eventPhase]).toEqual([null, 0]);
  });

  it('ignores a duplicate, tells listeners apart by capture, and removes the one asked for', () => {
    const target = new Target();
    const calls: string[] = [];
    const listener = (): void => void calls.push('listener');
    target.addEventListener('message', listener);
    target.addEventListener('message', listener);
    target.addEventListener('message', listener, { capture: true });
    deliverTo(target, 1);
    expect(calls).toEqual(['listener', 'listener']);
    target.removeEventListener('message', listener, true);
    deliverTo(target, 2);
    target.removeEventListener('message', listener);
    deliverTo(target, 3);
    expect(calls).toEqual(['listener', 'listener', 'listener']);
  });

  it('calls a once listener for one message only, whoever dispatches it', () => {
    const target = new Target();
    const calls: unknown[] = [];
    target.addEventListener('message', (event) => calls.push((event as MessageEvent).data), { once: true });
    deliverTo(target, 1);
    deliverTo(target, 2);
    target.dispatchEvent(new MessageEvent('message', { data: 3 }));
    const other = new Target();
    other.addEventListener('message', (event) => calls.push(`other:${String((event as MessageEvent).data)}`), { once: true });
    other.dispatchEvent(new MessageEvent('message', { data: 4 }));
    deliverTo(other, 5);
    expect(calls).toEqual([1, 'other:4']);
  });

  it('drops a listener when its signal aborts, and never adds one whose signal already did', () => {
    const target = new Target();
    const calls: string[] = [];
    const controller = new AbortController();
    target.addEventListener('message', () => calls.push('live'), { signal: controller.signal });
    target.addEventListener('message', () => calls.push('dead'), { signal: AbortSignal.abort() });
    deliverTo(target, 1);
    controller.abort();
    deliverTo(target, 2);
    target.dispatchEvent(new MessageEvent('message', { data: 3 }));
    expect(calls).toEqual(['live']);
  });

  it('adds no abort listener of its own to a signal, which would keep the target alive as long as the signal', () => {
    const signal = new AbortController().signal;
    new EventTarget().addEventListener('message', () => undefined, { signal });
    const nodeOwn = getEventListeners(signal, 'abort').length;
    new Target().addEventListener('message', () => undefined, { signal });
    expect(getEventListeners(signal, 'abort').length).toBe(2 * nodeOwn);
  });

  it('stops at stopImmediatePropagation but not at stopPropagation', () => {
    const target = new Target();
    const calls: string[] = [];
    target.addEventListener('message', (event) => (calls.push('first'), event.stopPropagation()));
    target.addEventListener('message', (event) => (calls.push('second'), event.stopImmediatePropagation()));
    target.addEventListener('message', () => calls.push('third'));
    deliverTo(target, 1);
    expect(calls).toEqual(['first', 'second']);
  });

  it('skips a listener removed by an earlier one, and calls one added meanwhile from the next message on', () => {
    const target = new Target();
    const calls: string[] = [];
    const removed = (): void => void calls.push('removed');
    const added = (): void => void calls.push('added');
    target.addEventListener('message', () => {
      calls.push('first');
      target.removeEventListener('message', removed);
      target.addEventListener('message', added);
    });
    target.addEventListener('message', removed);
    deliverTo(target, 1);
    deliverTo(target, 2);
    expect(calls).toEqual(['first', 'first', 'added']);
  });

  it('calls the onmessage handler current when its turn comes, though an earlier listener cleared or replaced it', () => {
    const calls: string[] = [];
    const cleared = new Target();
    cleared.addEventListener('message', () => {
      calls.push('clears');
      cleared.onmessage = null;
    });
    cleared.onmessage = () => calls.push('cleared handler');
    deliverTo(cleared, 1);
    const replaced = new Target();
    replaced.addEventListener('message', () => {
      calls.push('replaces');
      replaced.onmessage = function () {
        calls.push(this === replaced ? 'replacement, this = target' : 'replacement, wrong this');
      };
    });
    replaced.onmessage = () => calls.push('replaced handler');
    deliverTo(replaced, 1);
    expect(calls).toEqual(['clears', 'replaces', 'replacement, this = target']);
  });

  it('reports the rejection of an async onmessage handler as uncaught, as a dispatch does', async () => {
    const target = new Target();
    await withUncaughtCaptured(async (reported) => {
      target.onmessage = async () => {
        throw new Error('async handler failed');
      };
      deliverTo(target, 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect((reported[0] as Error).message).toBe('async handler failed');
    });
  });

  it('reports a throwing listener as uncaught and still calls the next one', async () => {
    const target = new Target();
    const calls: string[] = [];
    await withUncaughtCaptured(async (reported) => {
      target.addEventListener('message', () => {
        throw new Error('listener failed');
      });
      target.addEventListener('message', () => calls.push('next'));
      expect(() => deliverTo(target, 1)).not.toThrow();
      expect(calls).toEqual(['next']);
      await new Promise((resolve) => setImmediate(resolve));
      expect((reported[0] as Error).message).toBe('listener failed');
    });
  });

  it('skips an object listener without handleEvent, as Node does, and calls handleEvent on either path', () => {
    const target = new Target();
    const calls: unknown[] = [];
    // Node's typings want handleEvent; what an application may pass at run time need not have it.
    type Listener = Parameters<Target['addEventListener']>[1];
    target.addEventListener('message', {} as Listener);
    target.addEventListener('message', { handleEvent: null } as unknown as Listener);
    const object = { handleEvent(event: Event) { calls.push(this === object, (event as MessageEvent).data); } };
    target.addEventListener('message', object);
    expect(() => deliverTo(target, 1)).not.toThrow();
    target.dispatchEvent(new MessageEvent('message', { data: 2 }));
    expect(calls).toEqual([true, 1, true, 2]);
  });

  it('reports the rejection of an async listener as uncaught, as a dispatch does', async () => {
    const target = new Target();
    await withUncaughtCaptured(async (reported) => {
      target.addEventListener('message', async () => {
        throw new Error('async listener failed');
      });
      deliverTo(target, 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect((reported[0] as Error).message).toBe('async listener failed');
    });
  });

  it("resolves Node's events.once() even when an earlier listener stops immediate propagation", async () => {
    const target = new Target();
    target.addEventListener('message', (event) => event.stopImmediatePropagation());
    const next = once(target, 'message');
    deliverTo(target, 'awaited');
    const [event] = (await next) as [MessageEvent];
    expect(event.data).toBe('awaited');
  });

  it('removes a listener by the function getEventListeners() shows, from both ways of delivering', () => {
    const target = new Target();
    const calls: unknown[] = [];
    target.addEventListener('message', (event) => calls.push((event as MessageEvent).data));
    const [shown] = getEventListeners(target, 'message');
    target.removeEventListener('message', shown as (event: Event) => void);
    deliverTo(target, 1);
    target.dispatchEvent(new MessageEvent('message', { data: 2 }));
    expect(calls).toEqual([]);
  });

  it('honours a signal aborted by an earlier listener of the same message, and lets the listener be added again', () => {
    const target = new Target();
    const calls: string[] = [];
    const controller = new AbortController();
    const listener = (): void => void calls.push('listener');
    target.addEventListener('message', () => controller.abort());
    target.addEventListener('message', listener, { signal: controller.signal, once: true });
    deliverTo(target, 1);
    target.addEventListener('message', listener, { once: true });
    deliverTo(target, 2);
    deliverTo(target, 3);
    expect(calls).toEqual(['listener']);
  });

  it('still lets code dispatch its own message events to every listener once', () => {
    const target = new Target();
    const calls: string[] = [];
    target.onmessage = () => calls.push('handler');
    target.addEventListener('message', () => calls.push('listener'));
    target.dispatchEvent(new MessageEvent('message', { data: 1 }));
    expect(calls).toEqual(['handler', 'listener']);
  });

  it('leaves other event types to the EventTarget', () => {
    const target = new Target();
    const calls: string[] = [];
    const listener = (): void => void calls.push('open');
    target.addEventListener('open', listener);
    target.dispatchEvent(new Event('open'));
    target.removeEventListener('open', listener);
    target.dispatchEvent(new Event('open'));
    expect(calls).toEqual(['open']);
  });
});
