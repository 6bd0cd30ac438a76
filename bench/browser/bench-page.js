// Runs inside Chromium: one browser measurement, the same harness code for both
// implementations. `window.runBench(spec)` resolves to the result object.
(() => {
  const HIGH_WATER_BYTES = 4 * 1024 * 1024;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

  function makePayload(type, size) {
    if (type === 'text') return 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(size / 36)).slice(0, size);
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 131 + 7) & 0xff;
    return bytes;
  }

  function openNative(url) {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    return new Promise((resolve, reject) => {
      ws.onerror = () => reject(new Error('native WebSocket error'));
      ws.onopen = () =>
        resolve({
          send: (data) => ws.send(data),
          onMessage: (fn) => (ws.onmessage = (event) => fn(event.data)),
          bufferedAmount: () => ws.bufferedAmount,
          close: () => new Promise((r) => ((ws.onclose = () => r()), ws.close(1000))),
        });
    });
  }

  async function openWeft(url) {
    if (!window.Weft) throw new Error('the global Weft is missing: the browser build did not load');
    // Weft's defaults, minus the two features that would add traffic the peer does not expect.
    const socket = window.Weft.connect(url, { reconnect: false, heartbeat: false });
    await socket.opened;
    return {
      send: (data) => socket.send(data),
      onMessage: (fn) => socket.on('message', fn),
      bufferedAmount: () => socket.bufferedAmount,
      close: () => socket.close(1000),
    };
  }

  const sizeOf = (data) => (typeof data === 'string' ? data.length : data.byteLength);

  window.runBench = async ({ impl, url, workload, size, count, type }) => {
    const payload = makePayload(type, size);
    const conn = await (impl === 'weft' ? openWeft(url) : openNative(url));
    let messages = 0;
    let bytes = 0;
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    conn.onMessage((data) => {
      if (workload === 'upload') return finish(data);
      bytes += sizeOf(data);
      if (++messages === count) finish();
    });
    const start = performance.now();
    if (workload === 'download') conn.send('go');
    else {
      let sent = 0;
      while (sent < count) {
        while (sent < count && conn.bufferedAmount() < HIGH_WATER_BYTES) {
          conn.send(payload);
          sent++;
        }
        if (sent < count) await pause();
      }
    }
    await done;
    const seconds = (performance.now() - start) / 1000;
    await Promise.race([conn.close(), new Promise((r) => setTimeout(r, 2000))]);
    if (workload === 'download' && bytes !== size * count) throw new Error(`received ${bytes} bytes, expected ${size * count}`);
    return { seconds, messages: count, bytes: size * count, msgPerSec: count / seconds, mbPerSec: (size * count) / seconds / 1e6 };
  };
})();
