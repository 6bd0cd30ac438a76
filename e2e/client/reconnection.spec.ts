import { expect, test } from './support/fixtures.js';
import { waitUntil } from './support/page-client.js';

// Weft.connect() from the packed weft.min.js in Chromium against a `ws` server the test controls.
// Fast policies so each scenario takes about a second; the defaults are covered by unit tests.
const fastReconnect = { minDelayMs: 100, maxDelayMs: 200 };

test.describe('connect() in Chromium: reconnection and liveness', () => {
  test('after the server is killed and restarted it reconnects and delivers the messages queued while down once, in order', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { reconnect: fastReconnect });
    await client.waitForEvents('opened');
    const before = ['before-1', 'before-2', 'before-3'];
    for (const text of before) expect(await client.send(text)).toEqual({ ok: true });
    await waitUntil('the first messages', () => server.connections[0].messages.length, (n) => n >= before.length);

    await server.kill();
    await client.waitForState('reconnecting');
    const queued = Array.from({ length: 20 }, (_, i) => `queued-${i + 1}`);
    for (const text of queued) expect(await client.send(text)).toEqual({ ok: true });
    const whileDown = await client.snapshot();
    expect(whileDown.state).toBe('reconnecting');
    expect(whileDown.bufferedAmount).toBe(queued.reduce((sum, text) => sum + text.length, 0));
    // Let a few attempts fail against the closed port before the server comes back.
    await client.sleep(500);
    expect(server.tcpConnections).toBe(1);

    await server.restart();
    await client.waitForEvents('open', 2);
    expect(await client.send('after-reconnect')).toEqual({ ok: true });
    await waitUntil('the queued messages on the new connection', () => server.connections[1]?.messages.length ?? 0, (n) => n >= queued.length + 1);
    await client.sleep(300); // room for a duplicate to show up

    expect(server.connections).toHaveLength(2);
    expect(server.connections[0].messages.map((m) => m.text)).toEqual(before);
    expect(server.connections[1].messages.map((m) => m.text)).toEqual([...queued, 'after-reconnect']);
    const after = await client.snapshot();
    expect(after).toMatchObject({ state: 'open', bufferedAmount: 0 });
    // One close + reconnecting pair for the killed connection and for each refused attempt.
    const closes = await client.eventsOf('close');
    const reconnectings = await client.eventsOf('reconnecting');
    expect(closes.length).toBeGreaterThanOrEqual(2);
    expect(closes.every((e) => e.value.willReconnect === true)).toBe(true);
    expect(reconnectings).toHaveLength(closes.length);
    expect(await client.eventsOf('opened-rejected')).toEqual([]);
  });

  test('a server that stops answering is detected within heartbeat interval + timeout and the client reconnects', async ({ client, startServer }) => {
    const intervalMs = 300;
    const timeoutMs = 300;
    const server = await startServer();
    // The first connection goes silent: TCP open, probes unanswered, nothing sent.
    server.onConnection = (record) => {
      if (record.id === 0) record.muted = true;
    };
    await client.connect(server.url, { reconnect: { minDelayMs: 50, maxDelayMs: 100 }, heartbeat: { intervalMs, timeoutMs } });
    const [opened] = await client.waitForEvents('open');
    const [reconnecting] = await client.waitForEvents('reconnecting', 1, 3_000);

    const detectedAfterMs = reconnecting.t - opened.t;
    test.info().annotations.push({ type: 'detected after (ms)', description: detectedAfterMs.toFixed(1) });
    expect(server.connections[0].pings, 'probes sent to the silent server').toBeGreaterThanOrEqual(1);
    expect(detectedAfterMs).toBeGreaterThanOrEqual(intervalMs + timeoutMs - 20);
    expect(detectedAfterMs, `detected after ${Math.round(detectedAfterMs)} ms`).toBeLessThanOrEqual(intervalMs + timeoutMs + 200);
    const [close] = await client.eventsOf('close');
    expect(close.value).toMatchObject({ code: 1006, willReconnect: true });
    expect(reconnecting.value.reason).toMatch(/heartbeat/);

    // The new connection answers its probes, so it stays up for several intervals.
    await client.waitForEvents('open', 2, 3_000);
    await client.sleep(5 * intervalMs);
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1].pings).toBeGreaterThanOrEqual(2);
    expect((await client.snapshot()).state).toBe('open');
    expect(await client.eventsOf('reconnecting')).toHaveLength(1);
    // Pongs are liveness, not messages.
    expect(await client.eventsOf('message')).toEqual([]);
  });

  test('a 1008 close from the server ends the socket without any reconnect', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { reconnect: { minDelayMs: 50, maxDelayMs: 100 } });
    await client.waitForEvents('opened');
    server.closeAll(1008, 'policy violation');
    await client.waitForState('closed');
    await client.sleep(1_000); // many backoff delays

    expect(server.upgradeRequests).toBe(1);
    expect(server.tcpConnections).toBe(1);
    const closes = await client.eventsOf('close');
    expect(closes.map((e) => e.value)).toEqual([{ code: 1008, reason: 'policy violation', wasClean: true, willReconnect: false }]);
    expect(await client.eventsOf('reconnecting')).toEqual([]);
    expect((await client.snapshot()).state).toBe('closed');
    const afterClose = await client.send('too late');
    expect(afterClose.ok).toBe(false);
    expect(afterClose.error).toMatchObject({ isWeftError: true, code: 'ERR_SOCKET_CLOSED' });
  });

  test('an online event while waiting out a long backoff reconnects at once', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { reconnect: { minDelayMs: 30_000, maxDelayMs: 30_000, jitter: 'none' }, heartbeat: false });
    await client.waitForEvents('opened');
    await server.kill();
    await client.waitForState('reconnecting');
    await server.restart();
    await client.sleep(300);
    expect(server.upgradeRequests, 'no attempt before the 30 s backoff').toBe(1);

    await client.fire('online');
    await client.waitForEvents('open', 2, 3_000);
    expect(server.connections).toHaveLength(2);
    expect((await client.snapshot()).state).toBe('open');
  });

  test('a page becoming visible while the connection is healthy sends no extra probe', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { heartbeat: { intervalMs: 5_000, timeoutMs: 5_000 } });
    await client.waitForEvents('opened');
    await client.fire('visibilitychange');
    await client.sleep(300);
    expect(server.connections[0].pings).toBe(0);
    expect((await client.snapshot()).state).toBe('open');
  });
});
