import { checkOption, type MessageData } from '../policies/index.js';

/** `socket.state`: where the client is in its life. */
export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed';

/** The payload each event passes to its listeners. */
export interface SocketEventMap {
  /** A connection opened (the first, or a reconnection). */
  open: { url: string; protocol: string; extensions: string };
  /** A message: text as `string`, binary as `Uint8Array`. */
  message: MessageData;
  /** A connection ended; `willReconnect` is false on the final close. */
  close: { code: number; reason: string; wasClean: boolean; willReconnect: boolean };
  /** A reconnect was scheduled. `attempt` counts from 0 since the last stable connection. */
  reconnecting: { attempt: number; delayMs: number; reason: string };
  /** A connection attempt or connection failed (the client may still retry). */
  error: unknown;
  /** `socket.state` changed to this value. */
  state: SocketState;
  /** Queued messages that were never sent because the socket closed for good, oldest first. */
  unsent: MessageData[];
}

/** Name of an event of {@link SocketEventMap}. */
export type SocketEventName = keyof SocketEventMap;

/** A listener for event `K`. */
export type SocketListener<K extends SocketEventName> = (value: SocketEventMap[K]) => void;

/** A minimal typed emitter; see {@link createEmitter}. */
export interface SocketEmitter {
  /** Add `fn`; returns the function that removes it. */
  on<K extends SocketEventName>(event: K, fn: SocketListener<K>): () => void;
  /** Call every listener of `event` with `value`. */
  emit<K extends SocketEventName>(event: K, value: SocketEventMap[K]): void;
}

/**
 * A listener that throws does not disturb the client or the other listeners; its error is
 * rethrown asynchronously (an unhandled rejection), like a DOM event listener's error is
 * reported without stopping dispatch. An emit calls the listeners registered when it started: a
 * listener added or removed by a listener takes effect from the next event.
 */
export function createEmitter(): SocketEmitter {
  // Each list is replaced on `on` and on removal, never changed in place, so an emit can run over
  // the list it found without copying it: one message event per message costs no allocation.
  // Adding and removing copy the list instead (O(listeners)): listeners change rarely, messages
  // arrive all the time.
  const listeners = new Map<SocketEventName, readonly ((value: never) => void)[]>();
  return {
    on(event, fn) {
      if (typeof fn !== 'function') checkOption(`listener for '${event}'`, fn, false, 'a function', TypeError);
      const current = listeners.get(event) ?? [];
      if (!current.includes(fn)) listeners.set(event, [...current, fn]);
      return () => {
        const list = listeners.get(event);
        if (list) listeners.set(event, list.filter((listener) => listener !== fn));
      };
    },
    emit(event, value) {
      const list = listeners.get(event);
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        try {
          (list[i] as SocketListener<typeof event>)(value);
        } catch (error) {
          void Promise.reject(error);
        }
      }
    },
  };
}
