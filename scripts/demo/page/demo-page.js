// The browser demo: connect() from weft.min.js, live state, messages, reconnect countdown and
// latency (an application-level echo timed with performance.now()).
(async function main() {
  const $ = (id) => document.getElementById(id);
  const { wsUrl } = await (await fetch('/config.json')).json();
  $('server').textContent = wsUrl;

  const log = (kind, text) => {
    const item = document.createElement('li');
    item.className = kind;
    item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
    $('messages').prepend(item);
  };

  const socket = Weft.connect(wsUrl, { reconnect: { minDelayMs: 1000, maxDelayMs: 5000 } });
  window.demoSocket = socket;

  socket.on('state', (state) => {
    $('state').textContent = state;
    $('state').dataset.state = state;
  });

  let countdown;
  socket.on('reconnecting', ({ attempt, delayMs }) => {
    clearInterval(countdown);
    const at = performance.now() + delayMs;
    const tick = () => {
      const left = Math.max(0, at - performance.now());
      $('countdown').textContent = `attempt ${attempt + 1} in ${(left / 1000).toFixed(1)} s`;
      if (left === 0) clearInterval(countdown);
    };
    tick();
    countdown = setInterval(tick, 100);
    log('system', `connection lost; reconnecting in ${(delayMs / 1000).toFixed(1)} s`);
  });
  socket.on('open', () => {
    clearInterval(countdown);
    $('countdown').textContent = '—';
    log('system', 'connected');
  });

  socket.on('message', (data) => {
    if (typeof data !== 'string') return log('in', `← ${data.byteLength} bytes`);
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch {
      return log('in', `← ${data}`);
    }
    if (parsed.type === 'latency') {
      $('latency').textContent = `${(performance.now() - parsed.sentAt).toFixed(1)} ms`;
    } else if (parsed.type === 'chat') {
      log('in', `← ${parsed.broadcast && parsed.from !== tabId ? 'another tab: ' : ''}${parsed.text}`);
    }
  });

  const tabId = Math.random().toString(36).slice(2, 8);
  const sendChat = (text, broadcast) => {
    socket.send(JSON.stringify({ type: 'chat', text, from: tabId, broadcast }));
    log('out', `→ ${text}${socket.state === 'open' ? '' : ' (queued until reconnected)'}`);
  };

  const measureLatency = () => {
    if (socket.state === 'open') socket.send(JSON.stringify({ type: 'latency', sentAt: performance.now() }));
  };
  setInterval(measureLatency, 2000);

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    sendChat($('text').value, $('broadcast').checked);
    $('text').value = '';
  });
  $('restart').addEventListener('click', () => {
    void fetch('/restart', { method: 'POST' });
    log('system', 'asked the server to restart (down for 2 s)');
  });

  await socket.opened;
  sendChat('hello from the browser', false);
  measureLatency();
})();
