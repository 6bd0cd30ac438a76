import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defineEventHandlers, deliverMessage } from '../src/event-handlers.js';
import { MessageEvent } from '../src/events.js';

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
  // A capturing spy would change the path taken; read the event through the handler instead.
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

describe('delivering a message to the onmessage handler alone', () => {
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
    const reported: unknown[] = [];
    process.setUncaughtExceptionCaptureCallback((error) => reported.push(error));
    try {
      target.onmessage = () => {
        throw new Error('handler failed');
      };
      expect(() => deliver(target, 1)).not.toThrow();
      expect(reported).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect((reported[0] as Error).message).toBe('handler failed');
    } finally {
      process.setUncaughtExceptionCaptureCallback(null);
    }
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
