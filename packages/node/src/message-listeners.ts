import { DirectMessageEvent } from './direct-message-event.js';
import { reportUncaught } from './report-uncaught.js';

/** A listener as `addEventListener` takes it: a function, or an object with `handleEvent`. */
type Callback = ((this: EventTarget, event: Event) => unknown) | { handleEvent?: ((event: Event) => unknown) | null };
type ListenerOptions = boolean | { capture?: boolean; once?: boolean; passive?: boolean; signal?: AbortSignal } | undefined;

/** The current value of an event handler attribute (`onmessage`): a function or null. */
export interface HandlerSlot {
  current: ((this: EventTarget, event: Event) => unknown) | null;
}

/**
 * One `message` listener of a target, in registration order: an `addEventListener` callback, or
 * the listener of the `onmessage` attribute.
 */
interface MessageListener {
  readonly callback: Callback;
  readonly capture: boolean;
  readonly once: boolean;
  /**
   * Called even after `stopImmediatePropagation()`: what Node's `events.once()` and
   * `events.on()` ask for, so that awaiting the next message cannot be stopped by another listener.
   */
  readonly resists: boolean;
  /**
   * What Node's own registry holds for this listener: it serves events that someone else
   * dispatches with `dispatchEvent`, and keeps this list in step when it removes a `once`
   * listener it called.
   */
  readonly registered: (this: EventTarget, event: Event) => unknown;
  /**
   * Aborting it removes the listener. It is looked at when the list is used rather than
   * listened to: a listener on a long-lived signal would hold the target for as long as the
   * signal lives (Node's own abort handler holds its target weakly).
   */
  readonly signal: AbortSignal | undefined;
  removed: boolean;
  /**
   * For the listener of the `onmessage` attribute: the attribute's value, which a delivery calls
   * directly rather than through the listener (two calls fewer per message).
   */
  readonly slot?: HandlerSlot;
}

/** False once the listener was removed, or its signal aborted. */
const isLive = (entry: MessageListener): boolean => !entry.removed && entry.signal?.aborted !== true;

const LISTENERS = Symbol('weft.messageListeners');

interface WithMessageListeners extends EventTarget {
  /** Replaced, never changed in place: a delivery iterates the array it started with. */
  [LISTENERS]?: readonly MessageListener[];
}

const nodeAdd = EventTarget.prototype.addEventListener;
const nodeRemove = EventTarget.prototype.removeEventListener;

const captureOf = (options: ListenerOptions): boolean =>
  typeof options === 'boolean' ? options : Boolean(options?.capture);

/** A listener Node would take: a function or an object (Node warns about or rejects the rest). */
const isListener = (callback: unknown): callback is Callback =>
  typeof callback === 'function' || (typeof callback === 'object' && callback !== null);

/**
 * Calls a listener as Node's dispatch does: a function with the target as `this`; an object's
 * `handleEvent`, looked up now, skipped when it is not set. Returns what the listener returned.
 */
function invoke(callback: Callback, target: EventTarget, event: Event): unknown {
  if (typeof callback === 'function') return callback.call(target, event);
  const handle = callback.handleEvent;
  return handle ? handle.call(callback, event) : undefined;
}

/**
 * The `kResistStopPropagation` option of Node's `events.once()` / `events.on()`: a symbol Node
 * does not export, recognised by its description.
 */
const resistsStop = (options: ListenerOptions): boolean =>
  typeof options === 'object' && options !== null
  && Object.getOwnPropertySymbols(options).some((key) => key.description === 'kResistStopPropagation' && Boolean((options as Record<symbol, unknown>)[key]));

function unlist(target: WithMessageListeners, entry: MessageListener): void {
  if (entry.removed) return;
  entry.removed = true;
  target[LISTENERS] = (target[LISTENERS] ?? []).filter((other) => other !== entry);
}

/** Removes a listener from both registries: this list and Node's (its wrapper). */
function forget(target: WithMessageListeners, entry: MessageListener): void {
  unlist(target, entry);
  nodeRemove.call(target, 'message', entry.registered, { capture: entry.capture });
}

/**
 * `addEventListener('message', …)` of a target whose messages {@link deliverMessage} delivers:
 * the listener joins this module's list (what deliveries use) and, through a wrapper, Node's
 * registry (what `dispatchEvent` uses). Duplicates, `once`, `signal` and `capture` (as part of a
 * listener's identity) behave as in Node's `EventTarget`. Returns false for what it leaves to
 * Node (another type, or no usable listener).
 */
export function addMessageListener(target: EventTarget, type: string, callback: unknown, options: ListenerOptions): boolean {
  if (type !== 'message' || !isListener(callback)) return false;
  const self = target as WithMessageListeners;
  const capture = captureOf(options);
  const signal = typeof options === 'object' ? options?.signal : undefined;
  if (self[LISTENERS]?.some((entry) => isLive(entry) && entry.callback === callback && entry.capture === capture)) return true;
  const once = typeof options === 'object' && Boolean(options?.once);
  const entry: MessageListener = {
    callback,
    capture,
    once,
    resists: resistsStop(options),
    // Returns what the listener returned: Node's dispatch reports a rejected promise.
    registered(event) {
      if (entry.once) unlist(self, entry);
      return invoke(callback, this, event);
    },
    signal,
    removed: false,
  };
  // Node validates the options (and may throw) before anything is listed here.
  nodeAdd.call(self, 'message', entry.registered, options);
  if (signal?.aborted) return true;
  self[LISTENERS] = [...(self[LISTENERS] ?? []).filter(isLive), entry];
  return true;
}

/** `removeEventListener('message', …)`; returns false for what it leaves to Node (also a listener not listed here). */
export function removeMessageListener(target: EventTarget, type: string, callback: unknown, options: ListenerOptions): boolean {
  if (type !== 'message' || !isListener(callback)) return false;
  const self = target as WithMessageListeners;
  const capture = captureOf(options);
  // A listener is found by what was added, or by its wrapper (what Node's abort handler and
  // `getEventListeners()` know it by).
  const entry = self[LISTENERS]?.find((other) => isLive(other) && (other.callback === callback || other.registered === callback)
    && other.capture === capture);
  if (entry === undefined) return false;
  forget(self, entry);
  return true;
}

/**
 * Lists the listener of the `onmessage` attribute, already in Node's registry as `listener`, at
 * its place among the others (HTML: where the attribute was first set).
 */
export function listHandlerListener(target: EventTarget, listener: (this: EventTarget, event: Event) => unknown, slot: HandlerSlot): void {
  const self = target as WithMessageListeners;
  const entry: MessageListener = {
    callback: listener, capture: false, once: false, resists: false, registered: listener, signal: undefined, removed: false, slot,
  };
  self[LISTENERS] = [...(self[LISTENERS] ?? []), entry];
}

/**
 * Delivers a `message` with `data` to every listener of `target` in order, as a dispatch would
 * (the `this`, fields, phase, `once`, `stopImmediatePropagation`, a listener removed meanwhile
 * not called, one added meanwhile not called for this message, a throw or a rejected promise
 * reported as uncaught on a later tick), but with a {@link DirectMessageEvent}: no `Event` constructor and no
 * `dispatchEvent`, the largest costs of a small message. Nothing is built when nothing listens.
 */
export function deliverMessage(target: EventTarget, data: unknown, origin: string, timeStamp: number): void {
  const self = target as WithMessageListeners;
  const listeners = self[LISTENERS];
  if (listeners === undefined || listeners.length === 0) return;
  const event = new DirectMessageEvent(target, data, origin, timeStamp);
  for (let i = 0; i < listeners.length; i++) {
    const entry = listeners[i];
    if (!isLive(entry)) {
      unlist(self, entry);
      continue;
    }
    // Nothing can have stopped the event before its first listener (a call spared per message).
    if (i > 0 && event.stoppedImmediately() && !entry.resists) continue;
    if (entry.once) forget(self, entry);
    try {
      // The attribute's handler is called through its slot, not its listener: two calls fewer.
      const slot = entry.slot;
      const result = slot !== undefined ? slot.current?.call(target, event as unknown as Event)
        : invoke(entry.callback, target, event as unknown as Event);
      // As Node's dispatch: a promise the listener returns is watched, its rejection uncaught.
      if (result != null && typeof (result as PromiseLike<unknown>).then === 'function') (result as PromiseLike<unknown>).then(undefined, reportUncaught);
    } catch (error) {
      reportUncaught(error);
    }
  }
  event.finish();
}
