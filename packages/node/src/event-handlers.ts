import { DirectMessageEvent } from './direct-message-event.js';
import { MessageEvent } from './events.js';

type Handler = ((this: EventTarget, event: Event) => unknown) | null;

const HANDLERS = Symbol('weft.eventHandlers');
const LISTENED = Symbol('weft.listenedTypes');

interface WithHandlers extends EventTarget {
  [HANDLERS]?: Map<string, { current: Handler }>;
  /** Types that ever got a listener through `addEventListener` (never shrinks). */
  [LISTENED]?: Set<string>;
}

/**
 * Defines WHATWG event handler attributes (`onopen`, `onmessage`, …) on `prototype`. Setting one
 * registers a single listener the first time (keeping its place among `addEventListener`
 * listeners, as HTML specifies) that calls whatever handler is current; `null` or a non-function
 * turns it off. `addEventListener` is wrapped to remember which types have other listeners, so
 * {@link deliverMessage} knows when the handler is the only one.
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
 * Delivers a `message` with `data` to `target`: when nothing but `onmessage` listens, the handler
 * gets a {@link DirectMessageEvent} (no `Event` constructor, no `dispatchEvent`), with the `this`,
 * fields, phase and uncaught-error reporting of a dispatch; otherwise a `MessageEvent` is
 * dispatched (Node stamps that one itself). No handler and no listener: nothing is built at all.
 */
export function deliverMessage(target: EventTarget, data: unknown, origin: string, timeStamp: number): void {
  const withHandlers = target as WithHandlers;
  if (withHandlers[LISTENED]?.has('message')) {
    target.dispatchEvent(new MessageEvent('message', { data, origin }));
    return;
  }
  const handler = withHandlers[HANDLERS]?.get('message')?.current;
  if (handler == null) return;
  const event = new DirectMessageEvent(target, data, origin, timeStamp);
  try {
    handler.call(target, event as unknown as Event);
  } catch (error) {
    reportUncaught(error);
  } finally {
    event.finish();
  }
}

/**
 * Delivers a message to a route (a function that stands in for `message` events, see
 * `routeMessages`), reporting what it throws as a handler's error is reported.
 */
export function deliverToRoute<T>(route: (data: T) => void, data: T): void {
  try {
    route(data);
  } catch (error) {
    reportUncaught(error);
  }
}

/**
 * Reports an error a listener threw the way a dispatch does: as an uncaught exception on a later
 * tick, so the code that delivered the event carries on.
 */
function reportUncaught(error: unknown): void {
  process.nextTick(rethrow, error);
}

function rethrow(error: unknown): never {
  throw error;
}
