// Shared by the e2e pages: one text and one binary round trip through `weft` against the echo
// peer, then a clean close. `weft` is whatever module object the page loaded (global, ESM, bundle).
window.weftRoundTrip = async function weftRoundTrip(weft, url) {
  const socket = weft.connect(url, { reconnect: false });
  const states = [];
  socket.on('state', (state) => states.push(state));
  const next = () => new Promise((resolve) => {
    const off = socket.on('message', (data) => { off(); resolve(data); });
  });
  await socket.opened;
  let reply = next();
  socket.send('hello from ' + weft.runtime);
  const text = await reply;
  reply = next();
  socket.send(new Uint8Array([1, 2, 3, 250]));
  const binary = await reply;
  await socket.close(1000, 'done');
  return {
    runtime: weft.runtime,
    text,
    binary: binary instanceof Uint8Array ? Array.from(binary) : String(binary),
    state: socket.state,
    states,
    nativeWebSocket: weft.WebSocket === window.WebSocket,
  };
};
