import { expect, test } from './support/fixtures.js';
import { waitUntil } from './support/page-client.js';

// The harness page wraps setTimeout/clearTimeout/setInterval before weft.min.js loads, so
// `liveTimers()` lists every timer Weft left pending.
test.describe('connect() in Chromium: close() and the send queue', () => {
  test('close() while waiting to reconnect stops everything: no attempt reaches the server again and no timer is left', async ({ client, startServer }) => {
    const backoffMs = 1_500;
    const server = await startServer();
    await client.connect(server.url, {
      reconnect: { minDelayMs: backoffMs, maxDelayMs: backoffMs, jitter: 'none' },
      heartbeat: { intervalMs: 300, timeoutMs: 300 },
    });
    await client.waitForEvents('opened');
    await server.kill();
    await client.waitForState('reconnecting');
    // The server is back and would accept the attempt the pending backoff timer is about to make.
    await server.restart();
    expect((await client.liveTimers()).length, 'the backoff timer is pending').toBeGreaterThanOrEqual(1);
    const tcpBefore = server.tcpConnections;

    await client.close();
    const afterClose = await client.snapshot();
    expect(afterClose.state).toBe('closed');
    expect(await client.liveTimers()).toEqual([]);
    const created = await client.timersCreated();
    await client.sleep(backoffMs + 500);

    expect(server.tcpConnections).toBe(tcpBefore);
    expect(server.upgradeRequests).toBe(1);
    expect(server.connections).toHaveLength(1);
    expect(await client.timersCreated()).toBe(created);
    expect(await client.liveTimers()).toEqual([]);
    const closes = await client.eventsOf('close');
    expect(closes.at(-1)?.value).toMatchObject({ willReconnect: false });
    expect(await client.eventsOf('open')).toHaveLength(1);
  });

  test('close() while a reconnect attempt is in flight aborts it and no further attempt is made', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { reconnect: { minDelayMs: 50, maxDelayMs: 100 }, heartbeat: { intervalMs: 300, timeoutMs: 300 } });
    await client.waitForEvents('opened');
    server.holdHandshakes = true; // the next attempt connects over TCP and gets no 101
    server.closeAll(1001, 'going away');
    await waitUntil('the held reconnect attempt', () => server.upgradeRequests, (n) => n >= 2);
    expect((await client.snapshot()).state).toBe('reconnecting');
    expect(await client.send('queued during the attempt')).toEqual({ ok: true });

    await client.close();
    expect((await client.snapshot()).state).toBe('closed');
    expect(await client.liveTimers()).toEqual([]);
    expect((await client.eventsOf('unsent')).map((e) => e.value)).toEqual([['queued during the attempt']]);
    // The browser dropped the half-open attempt (its TCP connection is closed by the client).
    await waitUntil('the held attempt to be closed by the client', () => server.openTcpSockets, (n) => n === 0);
    server.holdHandshakes = false;
    await client.sleep(1_000);

    expect(server.upgradeRequests).toBe(2);
    expect(server.tcpConnections).toBe(2);
    expect(server.connections).toHaveLength(1);
    expect(await client.eventsOf('open')).toHaveLength(1);
    expect((await client.snapshot()).state).toBe('closed');
    expect(await client.liveTimers()).toEqual([]);
  });

  test('past the queue bounds send() throws ERR_QUEUE_FULL while disconnected, and the final close reports the unsent messages', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { reconnect: { minDelayMs: 100, maxDelayMs: 200 }, queue: { maxMessages: 3, maxBytes: 1_000 } });
    await client.waitForEvents('opened');
    await server.kill();
    await client.waitForState('reconnecting');

    expect(await client.send('q1')).toEqual({ ok: true });
    expect(await client.send('q2')).toEqual({ ok: true });
    const tooManyBytes = await client.send({ binary: 1_000, seed: 7 });
    expect(tooManyBytes).toMatchObject({ ok: false, error: { isWeftError: true, code: 'ERR_QUEUE_FULL' } });
    expect(await client.send('q3')).toEqual({ ok: true });
    const tooMany = await client.send('q4');
    expect(tooMany).toMatchObject({ ok: false, error: { isWeftError: true, code: 'ERR_QUEUE_FULL' } });
    expect(await client.snapshot()).toMatchObject({ state: 'reconnecting', bufferedAmount: 6 });

    await client.close();
    const unsent = await client.eventsOf('unsent');
    expect(unsent.map((e) => e.value)).toEqual([['q1', 'q2', 'q3']]);
    expect((await client.snapshot()).state).toBe('closed');
    expect(await client.liveTimers()).toEqual([]);
    // Nothing queued is sent later either.
    await server.restart();
    await client.sleep(500);
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0].messages).toEqual([]);
  });

  test('drained() resolves once the native socket has handed every queued byte to the network', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { heartbeat: false });
    await client.waitForEvents('opened');
    const { queued, afterDrained } = await client.sendAndDrain(32, 1024 * 1024);
    expect(queued, 'the browser buffers what it has not sent yet').toBeGreaterThan(0);
    expect(afterDrained).toBe(0);
    const record = server.connections[0];
    await waitUntil('the 32 messages at the server', () => record.messages.length, (n) => n === 32, 20_000);
    expect(record.messages.every((m) => !m.isText && m.bytes === 1024 * 1024)).toBe(true);
  });
});
