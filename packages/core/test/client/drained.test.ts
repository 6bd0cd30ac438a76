import { describe, expect, it } from 'vitest';
import { DRAIN_POLL_MS } from '../../src/client/index.js';
import type { FakeClock } from '../../src/testing/index.js';
import { flushMicrotasks, type FakeConnection } from './fake-factory.js';
import { startClient } from './setup.js';

/** Tracks whether a promise has settled, and how. */
function watch(promise: Promise<void>) {
  const seen = { settled: 'no' as 'no' | 'resolved' | 'rejected', error: undefined as unknown };
  promise.then(
    () => (seen.settled = 'resolved'),
    (error: unknown) => {
      seen.settled = 'rejected';
      seen.error = error;
    },
  );
  return seen;
}

/** A drain signal the test fires by hand, as Node's socket `drain` would. */
function manualDrain() {
  const waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  return {
    waiting,
    signal: () => new Promise<void>((resolve, reject) => waiting.push({ resolve, reject })),
    fire: () => waiting.splice(0).forEach((w) => w.resolve()),
    fail: () => waiting.splice(0).forEach((w) => w.reject(new Error('closed'))),
  };
}

/** Gives `connection` a drain signal that settles as `settle` says, and counts its calls. */
function countedSignal(connection: FakeConnection, settle: () => Promise<void>) {
  const counter = { calls: 0 };
  connection.drained = () => {
    counter.calls++;
    return settle();
  };
  return counter;
}

/** Lets `intervals` poll intervals pass, then the promise callbacks they caused run. */
async function pollIntervals(clock: FakeClock, intervals = 1): Promise<void> {
  clock.advance(DRAIN_POLL_MS * intervals);
  await flushMicrotasks();
}

describe('connect(): drained() for send backpressure', () => {
  it('resolves at once when nothing is buffered', async () => {
    const { factory, socket } = startClient();
    factory.last.acceptOpen();
    await expect(socket.drained()).resolves.toBeUndefined();
  });

  it('without a drain signal (browsers), polls bufferedAmount and resolves once it is 0', async () => {
    const { clock, factory, socket } = startClient({ heartbeat: false });
    factory.last.acceptOpen();
    factory.last.bufferedAmount = 4096;
    const seen = watch(socket.drained());
    await pollIntervals(clock, 3);
    expect(seen.settled).toBe('no');
    factory.last.bufferedAmount = 0;
    await pollIntervals(clock);
    expect(seen.settled).toBe('resolved');
    expect(clock.pendingTimers()).toBe(0);
  });

  it("with the connection's drain signal (Node), resolves on it without polling", async () => {
    const { clock, factory, socket } = startClient({ heartbeat: false });
    factory.last.acceptOpen();
    const drain = manualDrain();
    factory.last.drained = drain.signal;
    factory.last.bufferedAmount = 1 << 20;
    const seen = watch(socket.drained());
    expect(drain.waiting).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
    await flushMicrotasks();
    expect(seen.settled).toBe('no');
    // The socket emptied its buffer and emits `drain`.
    factory.last.bufferedAmount = 0;
    drain.fire();
    await flushMicrotasks();
    expect(seen.settled).toBe('resolved');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('after a drain signal with bytes still buffered, looks again on a timer instead of looping on microtasks', async () => {
    const { clock, factory, socket } = startClient({ heartbeat: false });
    factory.last.acceptOpen();
    // As Node's socket below its high-water mark: the signal resolves at once, bytes remain.
    const signal = countedSignal(factory.last, () => Promise.resolve());
    factory.last.bufferedAmount = 100;
    const seen = watch(socket.drained());
    await flushMicrotasks();
    expect(signal.calls).toBe(1);
    expect(seen.settled).toBe('no');
    factory.last.bufferedAmount = 0;
    await pollIntervals(clock);
    expect(seen.settled).toBe('resolved');
    expect(signal.calls).toBe(1);
  });

  it('resolves at once while reconnecting when nothing is queued, and waits for the flush when something is', async () => {
    const { clock, factory, socket } = startClient({ heartbeat: false });
    factory.last.acceptOpen();
    factory.last.drop();
    expect(socket.state).toBe('reconnecting');
    await expect(socket.drained()).resolves.toBeUndefined();
    socket.send('queued');
    const seen = watch(socket.drained());
    await pollIntervals(clock);
    expect(seen.settled).toBe('no');
    clock.advance(1000);
    factory.last.acceptOpen();
    await pollIntervals(clock);
    expect(seen.settled).toBe('resolved');
  });

  it('settles every one of several concurrent callers', async () => {
    const { clock, factory, socket } = startClient({ heartbeat: false });
    factory.last.acceptOpen();
    factory.last.bufferedAmount = 10;
    const all = [watch(socket.drained()), watch(socket.drained()), watch(socket.drained())];
    factory.last.bufferedAmount = 0;
    await pollIntervals(clock);
    expect(all.map((seen) => seen.settled)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not loop without yielding when a drain signal rejects while the connection stays open', async () => {
    const { clock, factory, socket } = startClient({ heartbeat: false });
    factory.last.acceptOpen();
    const signal = countedSignal(factory.last, () => Promise.reject(new Error('adapter refused')));
    factory.last.bufferedAmount = 100;
    const seen = watch(socket.drained());
    await flushMicrotasks();
    expect(signal.calls).toBe(1);
    await pollIntervals(clock);
    expect(signal.calls).toBe(2);
    factory.last.bufferedAmount = 0;
    await pollIntervals(clock);
    expect(seen.settled).toBe('resolved');
  });

  it('waits for the reconnect and the flush of the queue when the connection drops while waiting', async () => {
    const { clock, factory, socket } = startClient();
    factory.last.acceptOpen();
    const drain = manualDrain();
    factory.last.drained = drain.signal;
    factory.last.bufferedAmount = 1 << 20;
    const seen = watch(socket.drained());
    factory.last.drop();
    drain.fail();
    socket.send('queued while reconnecting');
    await flushMicrotasks();
    await pollIntervals(clock, 2);
    expect(seen.settled).toBe('no');
    clock.advance(1000);
    factory.last.acceptOpen();
    expect(factory.last.sent).toEqual(['queued while reconnecting']);
    await pollIntervals(clock);
    expect(seen.settled).toBe('resolved');
  });

  it('rejects with ERR_SOCKET_CLOSED when the socket closes for good while waiting', async () => {
    const { clock, factory, socket } = startClient();
    factory.last.acceptOpen();
    factory.last.bufferedAmount = 10;
    const seen = watch(socket.drained());
    void socket.close();
    factory.last.completeClose();
    await pollIntervals(clock);
    expect(seen.settled).toBe('rejected');
    expect(seen.error).toMatchObject({ name: 'InvalidStateError', code: 'ERR_SOCKET_CLOSED' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects with ERR_SOCKET_CLOSED when called after close()', async () => {
    const { factory, socket } = startClient();
    factory.last.acceptOpen();
    void socket.close();
    factory.last.completeClose();
    await expect(socket.drained()).rejects.toMatchObject({ code: 'ERR_SOCKET_CLOSED' });
  });

  it('rejects when the client gives up while messages wait in the queue', async () => {
    const { clock, factory, socket } = startClient({ reconnect: { retries: 0 } });
    factory.last.acceptOpen();
    factory.last.drop();
    expect(socket.state).toBe('closed');
    await expect(socket.drained()).rejects.toMatchObject({ code: 'ERR_SOCKET_CLOSED' });
    expect(clock.pendingTimers()).toBe(0);
  });
});
