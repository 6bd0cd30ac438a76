import { BEGIN_DIRECT_DISPATCH, END_DIRECT_DISPATCH } from './events.js';

type Handler = ((this: EventTarget, event: Event) => unknown) | null;

const HANDLERS = Symbol('weft.eventHandlers');
const LISTENED = Symbol('weft.listenedTypes');

interface WithHandlers extends EventTarget {
  [HANDLERS]?: Map<string, { current: Handler }>;
  /** Types that ever got a listener through `addEventListener` (never shrinks). */
  [LISTENED]?: Set<string>;
}

/** An event that can be delivered without `dispatchEvent` (see {@link dispatchToHandler}), such as a MessageEvent. */
export interface DirectDispatchable extends Event {
  /** Marks the event as being at `target` (phase AT_TARGET) until the end call. */
  [BEGIN_DIRECT_DISPATCH](target: EventTarget): void;
  [END_DIRECT_DISPATCH](): void;
}

/**
 * Defines WHATWG event handler attributes (`onopen`, `onmessage`, …) on `prototype`. Setting one
 * registers a single listener the first time (keeping its place among `addEventListener`
 * listeners, as HTML specifies) that calls whatever handler is current; `null` or a non-function
 * turns it off. `addEventListener` is wrapped to remember which types have other listeners, so
 * {@link dispatchToHandler} knows when the handler is the only one.
 */
export function defineEventHandlers(prototype: EventTarget, types: readonly string[]): void {
  const addListener = prototype.addEventListener;
  Object.defineProperty(prototype, 'addEventListener', {
    configurable: true,
    writable: true,
    value: function addEventListener(this: WithHandlers, ...args: Parameters<EventTarget['addEventListener']>): void {
      if (args[1] != null) (this[LISTENED] ??= new Set()).add(String(args[0]));
      addListener.apply(this, args);
    },
  });
  for (const type of types) {
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: WithHandlers): Handler {
        return this[HANDLERS]?.get(type)?.current ?? null;
      },
      set(this: WithHandlers, value: unknown) {
        const handler = typeof value === 'function' ? (value as Handler) : null;
        const map = (this[HANDLERS] ??= new Map());
        let slot = map.get(type);
        if (slot === undefined) {
          if (handler === null) return;
          const created = { current: handler };
          slot = created;
          map.set(type, created);
          addListener.call(this, type, (event) => created.current?.call(this, event));
        }
        slot.current = handler;
      },
    });
  }
}

/**
 * Delivers `event` of `type` to `target`. When nothing but the `on<type>` handler listens (the
 * usual `ws.onmessage = …`), the handler is called directly, without the cost of
 * `dispatchEvent`, and observes what a dispatch would show: `this` and `event.target` /
 * `currentTarget` are `target`, `eventPhase` is AT_TARGET, and an exception it throws is
 * reported as uncaught on the next tick (as Node's EventTarget does) without stopping the caller.
 * Otherwise it is a plain `target.dispatchEvent(event)`.
 */
export function dispatchToHandler(target: EventTarget, type: string, event: DirectDispatchable): void {
  const withHandlers = target as WithHandlers;
  if (withHandlers[LISTENED]?.has(type)) {
    target.dispatchEvent(event);
    return;
  }
  const handler = withHandlers[HANDLERS]?.get(type)?.current;
  if (handler == null) return;
  event[BEGIN_DIRECT_DISPATCH](target);
  try {
    handler.call(target, event);
  } catch (error) {
    process.nextTick(rethrow, error);
  } finally {
    event[END_DIRECT_DISPATCH]();
  }
}

function rethrow(error: unknown): never {
  throw error;
}
