type Handler = ((this: EventTarget, event: Event) => unknown) | null;

const HANDLERS = Symbol('weft.eventHandlers');

interface WithHandlers extends EventTarget {
  [HANDLERS]?: Map<string, { current: Handler }>;
}

/**
 * Defines WHATWG event handler attributes (`onopen`, `onmessage`, …) on `prototype`. Setting one
 * registers a single listener the first time (keeping its place among `addEventListener`
 * listeners, as HTML specifies) that calls whatever handler is current; `null` or a non-function
 * turns it off.
 */
export function defineEventHandlers(prototype: EventTarget, types: readonly string[]): void {
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
          this.addEventListener(type, (event) => created.current?.call(this, event));
        }
        slot.current = handler;
      },
    });
  }
}
