// Page side of the client scenarios: one Weft socket, every event recorded with its time
// (performance.now()), and helpers to make and hash big payloads. Driven by page-client.ts.
(() => {
  const events = [];
  const received = [];
  let socket;

  function describeError(error) {
    if (error === null || typeof error !== 'object') return { message: String(error) };
    return { name: error.name, code: error.code, message: error.message, isWeftError: error instanceof Weft.WeftError };
  }

  function describeData(data) {
    if (typeof data === 'string') return { isText: true, bytes: new TextEncoder().encode(data).byteLength, text: data.length <= 4096 ? data : undefined };
    return { isText: false, bytes: data.byteLength };
  }

  function describeEvent(type, value) {
    switch (type) {
      case 'message':
        return describeData(value);
      case 'error':
        return describeError(value);
      case 'unsent':
        return value.map((data) => (typeof data === 'string' ? data : { binary: data.byteLength }));
      default:
        return value;
    }
  }

  /** Deterministic pseudo-random bytes (xorshift32), so both sides can agree without sending a seed table. */
  function makeBytes(length, seed) {
    const out = new Uint8Array(length);
    let x = seed >>> 0 || 1;
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  }

  async function sha256(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  window.harness = {
    events,
    connect(url, options) {
      socket = Weft.connect(url, options);
      for (const type of ['open', 'close', 'reconnecting', 'error', 'state', 'unsent', 'message']) {
        socket.on(type, (value) => {
          if (type === 'message') received.push(value);
          events.push({ type, t: performance.now(), value: describeEvent(type, value) });
        });
      }
      socket.opened.then(
        () => events.push({ type: 'opened', t: performance.now() }),
        (error) => events.push({ type: 'opened-rejected', t: performance.now(), value: describeError(error) }),
      );
    },
    /** Send text (a string) or `{ binary: length, seed }`; returns the outcome instead of throwing. */
    send(data) {
      const message = typeof data === 'string' ? data : makeBytes(data.binary, data.seed);
      try {
        socket.send(message);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: describeError(error) };
      }
    },
    /** Send a big binary message; returns its size and hash as computed in the page. */
    async sendBig(length, seed) {
      const bytes = makeBytes(length, seed);
      const hash = await sha256(bytes);
      socket.send(bytes);
      return { bytes: length, sha256: hash };
    },
    /** Send a big text message (multi-byte UTF-8) of `repeat` copies of `unit`. */
    async sendBigText(unit, repeat) {
      const text = unit.repeat(repeat);
      const bytes = new TextEncoder().encode(text);
      socket.send(text);
      return { bytes: bytes.byteLength, sha256: await sha256(bytes) };
    },
    /**
     * Send `count` binary messages of `length` bytes at once, then wait on `socket.drained()`;
     * returns `bufferedAmount` just after sending and once drained.
     */
    async sendAndDrain(count, length) {
      const bytes = makeBytes(length, count);
      for (let i = 0; i < count; i++) socket.send(bytes);
      const queued = socket.bufferedAmount;
      await socket.drained();
      return { queued, afterDrained: socket.bufferedAmount };
    },
    /** Hash of received message `index` (UTF-8 bytes for text). */
    async hashReceived(index) {
      const data = received[index];
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      return { isText: typeof data === 'string', bytes: bytes.byteLength, sha256: await sha256(bytes) };
    },
    async close(code, reason) {
      const started = performance.now();
      await socket.close(code, reason);
      return { ms: performance.now() - started };
    },
    snapshot() {
      return { state: socket.state, bufferedAmount: socket.bufferedAmount, now: performance.now() };
    },
    /** Resolve after `ms` on the page's real timers (not counted as live timers). */
    sleep(ms) {
      return new Promise((resolve) => timerProbe.realSetTimeout(resolve, ms));
    },
  };
})();
