import { addMessageListener, listHandlerListener, removeMessageListener, type HandlerSlot } from './message-listeners.js';

export { deliverMessage } from './message-listeners.js';

type Handler = ((this: EventTarget, event: Event) => unknown) | null;
type ListenerArgs = Parameters<EventTarget['addEventListener']>;

const HANDLERS = Symbol('weft.eventHandlers');

interface WithHandlers extends EventTarget {
  [HANDLERS]?: Map<string, HandlerSlot>;
}

/**
 * Defines WHATWG event handler attributes (`onopen`, `onmessage`, …) on `prototype`. Setting one
 * registers a single listener the first time (keeping its place among `addEventListener`
 * listeners, as HTML specifies) that calls whatever handler is current; `null` or a non-function
 * turns it off. `message` listeners, the attribute's included, are also kept in the list that
 * `deliverMessage` calls directly (`message-listeners.ts`): `addEventListener` and
 * `removeEventListener` are wrapped for that type.
 */
export function defineEventHandlers(prototype: EventTarget, types: readonly string[]): void {
  const addListener = prototype.addEventListener;
  const removeListener = prototype.removeEventListener;
  Object.defineProperty(prototype, 'addEventListener', {
    configurable: true,
    writable: true,
    value: function addEventListener(this: EventTarget, ...args: ListenerArgs): void {
      if (!addMessageListener(this, String(args[0]), args[1], args[2])) addListener.apply(this, args);
    },
  });
  Object.defineProperty(prototype, 'removeEventListener', {
    configurable: true,
    writable: true,
    value: function removeEventListener(this: EventTarget, ...args: Parameters<EventTarget['removeEventListener']>): void {
      if (!removeMessageListener(this, String(args[0]), args[1], args[2])) removeListener.apply(this, args);
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
          const created: HandlerSlot = { current: handler };
          slot = created;
          map.set(type, created);
          const listener = (event: Event): unknown => created.current?.call(this, event);
          addListener.call(this, type, listener);
          if (type === 'message') listHandlerListener(this, listener, created);
        }
        slot.current = handler;
      },
    });
  }
}
