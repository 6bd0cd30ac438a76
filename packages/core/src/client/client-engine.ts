import { ConnectionClosedError, InvalidStateError, type WeftError } from '../errors/index.js';
import type { Clock, TimerHandle } from '../platform/index.js';
import { checkOption, createReconnectPolicy, createSendQueue, type CloseInfo, type MessageData } from '../policies/index.js';
import { validateClientOptions, type ClientOptions, type UrlSource } from './client-options.js';
import { validateCloseArguments } from './close-arguments.js';
import { createGiveUpError } from './close-cause.js';
import { socketRuntime, type ClientRuntime } from './client-runtime.js';
import type { Connection, ConnectionCloseEvent, ConnectionFactory } from './connection.js';
import { createHeartbeatDriver } from './heartbeat-driver.js';
import { createMessageIterator, type MessageIterator } from './message-iterator.js';
import { snapshotMessage, toMessageData, type SendData } from './outgoing-message.js';
import { createEmitter, type SocketState } from './socket-events.js';
import { READ_BUFFERED, socketPrototype, type BufferedReader } from './socket-prototype.js';
import type { WeftSocket } from './weft-socket.js';

const DROPPED = { code: 1006, reason: '', wasClean: false };

/**
 * How often a waiting sender looks at `bufferedAmount` again when the connection has no drain
 * signal of its own (a native browser WebSocket has none): `drained()`, the browser's chunk sender.
 */
export const DRAIN_POLL_MS = 8;

/**
 * The reconnecting client: starts connecting at once, retries the first connect like any later
 * one, queues sends while not open and flushes them in order before any new send, and stops for
 * good on `close()`. A closure rather than a class: its state is local variables, which minify
 * to one letter in the browser bundle.
 */
export function startClient<O extends ClientOptions>(
  factory: ConnectionFactory<O>,
  url: UrlSource,
  options: O,
  clock: Clock,
  random: () => number,
  runtime: ClientRuntime = socketRuntime,
): WeftSocket<O> {
  checkOption('url', url, typeof url === 'string' || typeof url === 'function', 'a string or a function', TypeError);
  const maxIterated = validateClientOptions(options);
  let state: SocketState = 'connecting';
  let connection: Connection | undefined;
  let connectionOpen = false;
  // Bumped whenever the current attempt is abandoned: callbacks of older attempts compare it.
  let token = 0;
  let reconnectTimer: TimerHandle | undefined;
  let lastError: unknown;
  let everOpened = false;
  let closing: ConnectionCloseEvent | undefined;
  let resolveOpened!: () => void;
  let rejectOpened!: (error: unknown) => void;
  let settleClosed!: () => void;
  let unwatch: (() => void) | undefined;
  const emitter = createEmitter();
  const queue = createSendQueue(options.queue);
  const reconnect = options.reconnect === false ? undefined : createReconnectPolicy(options.reconnect, random, runtime.classifyClose);
  const heartbeat = options.heartbeat === false ? undefined : createHeartbeatDriver(options.heartbeat ?? {}, clock, handleDead, runtime.ping);
  const iterators = new Set<MessageIterator>();
  const flow = runtime.flow?.(options.iteration, () => connection);
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  opened.catch(() => {}); // a rejection nobody awaits must not crash the process
  const closed = new Promise<void>((resolve) => (settleClosed = resolve));
  const isOver = (): boolean => state === 'closing' || state === 'closed';
  /** What `send()` throws, and `drained()` rejects with, once the socket is closing or closed. */
  const notSendable = (): InvalidStateError => new InvalidStateError(`cannot send while the socket is ${state}`, 'ERR_SOCKET_CLOSED');
  const buffered = (): number => (connectionOpen ? connection!.bufferedAmount : 0) + queue.bytes;

  const setState = (next: SocketState): void => {
    if (next !== state) emitter.emit('state', (socket.state = state = next));
  };

  const dropConnection = (): void => {
    token++;
    connection = undefined;
    connectionOpen = false;
  };

  /** Tear down at once without waiting for the closing handshake. */
  const abandon = (target: Connection | undefined, code: number, reason: string): void => {
    if (target?.terminate) target.terminate();
    else target?.close(code, reason);
  };

  // Clocks ignore handles that are unknown or already ran (`undefined` included).
  const clearReconnectTimer = (): void => {
    clock.clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
  };

  /** Ends every iteration after the messages it has buffered (failing with `error` if given). */
  const endIterations = (error?: unknown): void => {
    for (const iterator of iterators) iterator.end(error);
    iterators.clear();
  };

  const handleError = (error: unknown): void => {
    emitter.emit('error', (lastError = error));
  };

  function startAttempt(first: boolean): void {
    const current = ++token;
    let resolved: string | Promise<string>;
    try {
      resolved = typeof url === 'string' ? url : url();
    } catch (error) {
      return attemptFailed(current, error);
    }
    // Only a string `url` can be refused at once by connect(): see `open`.
    if (typeof resolved === 'string') return open(current, resolved, first && resolved === url);
    Promise.resolve(resolved)
      .then((next) => {
        if (typeof next !== 'string') throw new TypeError(`url() gave ${typeof next}, not a string`);
        if (current === token) open(current, next, false);
      })
      .catch((error: unknown) => attemptFailed(current, error));
  }

  function open(current: number, target: string, first: boolean): void {
    const live = (): boolean => current === token;
    let opening: Connection;
    try {
      opening = factory.open(target, options, {
        onOpen: (info) => live() && handleOpen(target, info),
        onMessage: (data) => live() && handleMessage(data),
        onClose: (event) => live() && handleClose(event),
        onError: (error) => live() && handleError(error),
        onActivity: () => live() && heartbeat?.recordTraffic(),
      });
    } catch (error) {
      // A URL the adapter refuses is caller misuse: throw from connect() on the first attempt.
      if (first) throw error;
      handleError(error);
      return finish(DROPPED, createGiveUpError('url refused', { kind: 'network' }, error));
    }
    if (!live()) return;
    connection = opening;
    flow?.attach(opening);
  }

  function attemptFailed(current: number, error: unknown): void {
    if (current !== token) return;
    handleError(error);
    afterEnd({ kind: 'network', error }, DROPPED);
  }

  function handleOpen(target: string, info: { protocol: string; extensions: string }): void {
    const opening = connection!;
    connectionOpen = everOpened = true;
    lastError = undefined;
    reconnect?.recordOpen(clock.now());
    // Queued messages go first, before any listener can send a new one.
    for (const data of queue.drain()) opening.send(data);
    heartbeat?.start(opening);
    setState('open');
    resolveOpened();
    emitter.emit('open', { url: target, ...info });
  }

  function handleMessage(data: MessageData): void {
    if (heartbeat?.recordTraffic(data)) return;
    // Checked first: a for-of over an empty Set still makes an iterator, once per message.
    if (iterators.size !== 0) for (const iterator of iterators) iterator.push(data);
    emitter.emit('message', data);
  }

  function handleClose(event: ConnectionCloseEvent): void {
    const wasOpen = connectionOpen;
    dropConnection();
    heartbeat?.stop();
    if (closing) finish(event);
    else afterEnd(runtime.describeClose(event, wasOpen, lastError), event);
  }

  /** The heartbeat declared the connection dead: tear it down now and decide as for a drop. */
  function handleDead(): void {
    const dead = connection;
    dropConnection();
    abandon(dead, 4000, 'heartbeat timeout');
    afterEnd({ kind: 'heartbeat' }, { ...DROPPED, reason: 'heartbeat timeout' });
  }

  function afterEnd(info: CloseInfo, event: ConnectionCloseEvent): void {
    const decision = reconnect === undefined ? { action: 'stop' as const, reason: 'reconnect is off' } : reconnect.decide(info, clock.now());
    if (decision.action === 'stop') {
      const cleanEnd = info.kind === 'server-close' && (info.code === 1000 || info.code === 1001) && everOpened;
      return finish(event, cleanEnd ? undefined : createGiveUpError(decision.reason, info, lastError));
    }
    setState('reconnecting');
    reconnectTimer = clock.setTimeout(() => {
      reconnectTimer = undefined;
      startAttempt(false);
    }, decision.delayMs);
    const { attempt, delayMs, reason } = decision;
    emitter.emit('close', { ...event, willReconnect: true });
    emitter.emit('reconnecting', { attempt, delayMs, reason });
  }

  /** The final close: clear everything, report unsent messages, settle the promises. */
  function finish(event: ConnectionCloseEvent, error?: WeftError): void {
    token++;
    clearReconnectTimer();
    heartbeat?.stop();
    unwatch?.();
    const unsent = queue.drain();
    setState('closed');
    endIterations(error);
    if (!everOpened) rejectOpened(error ?? new ConnectionClosedError(event.code, event.reason, 'local', 'ERR_CLOSED_BEFORE_OPEN'));
    emitter.emit('close', { ...event, willReconnect: false });
    if (unsent.length > 0) emitter.emit('unsent', unsent);
    settleClosed();
  }

  // Made before the first attempt, which may already set the state. The getter
  // `bufferedAmount` comes from the prototype; `state` is kept up to date by setState.
  const socket = {
    // `__proto__` in a literal sets the prototype (V8 keeps the object fast, as with Object.create).
    __proto__: socketPrototype,
    [READ_BUFFERED]: buffered,
    opened,
    state,
    on: emitter.on,
    drained() {
      return new Promise<void>((resolve, reject) => {
        // Every second look goes through a timer: no chain of checks can run without yielding.
        const later = (): void => void clock.setTimeout(check, DRAIN_POLL_MS);
        const check = (): void => {
          if (state === 'closed') reject(notSendable());
          else if (buffered() === 0) resolve();
          // The connection's own signal when it has one (Node: its TCP socket's buffer fell below
          // its high-water mark, the `drain`): usually nothing is left then; if bytes under that
          // mark remain, or the connection ended (a rejection), look again shortly.
          else if (connectionOpen && connection!.drained) connection!.drained().then(() => (buffered() === 0 ? resolve() : later()), later);
          // A native browser socket has no drain event, and a queue waiting for a reconnect moves
          // only once a connection opens: look again shortly.
          else later();
        };
        check();
      });
    },
    send(data: SendData): void {
      if (isOver()) throw notSendable();
      const message = toMessageData(data);
      if (connectionOpen) connection!.send(message);
      else queue.enqueue(snapshotMessage(message));
    },
    close(code?: number, reason?: string): Promise<void> {
      if (isOver()) return closed;
      validateCloseArguments(code, reason);
      closing = { code: code ?? 1000, reason: reason ?? '', wasClean: false };
      clearReconnectTimer();
      heartbeat?.stop();
      // Iteration ends after the messages already buffered: those the server sends until its
      // close frame go to 'message' listeners only, not into a loop that is behind (its pause
      // ends too, so the server's close frame is read).
      endIterations();
      const current = connection;
      if (connectionOpen) {
        setState('closing');
        current!.close(closing.code, closing.reason);
      } else {
        // Still connecting (or waiting to reconnect): abandon the attempt at once.
        dropConnection();
        abandon(current, closing.code, closing.reason);
        finish(closing);
      }
      return closed;
    },
    [Symbol.asyncIterator]() {
      const iterator = createMessageIterator(maxIterated, (it) => iterators.delete(it), flow?.track());
      if (isOver()) iterator.end();
      else iterators.add(iterator);
      return iterator;
    },
  } satisfies { __proto__: object; state: SocketState } & Omit<WeftSocket<O>, 'bufferedAmount'> & BufferedReader as unknown as { state: SocketState } & WeftSocket<O>;

  startAttempt(true);
  // Watch the environment unless the first attempt already ended for good.
  if (!isOver()) unwatch = factory.watch?.({
    reconnectNow() {
      if (state !== 'reconnecting' || reconnectTimer === undefined) return;
      clearReconnectTimer();
      startAttempt(false);
    },
    probe: () => heartbeat?.probeNow(),
    isSuspect: () => state === 'reconnecting' || (heartbeat?.isSuspect() ?? false),
  });

  return socket;
}
