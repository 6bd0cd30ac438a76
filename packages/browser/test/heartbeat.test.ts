import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket, installFakeBrowser } from './fake-web-socket.js';
import { startBrowserClient } from './setup.js';

let browser: ReturnType<typeof installFakeBrowser>;
beforeEach(() => {
  browser = installFakeBrowser();
});
afterEach(() => browser.restore());

const heartbeat = { intervalMs: 25_000, timeoutMs: 10_000 };

describe('@weft/browser heartbeat', () => {
  it('sends the text "ping" after 25 s of silence and hides the "pong"', () => {
    const { clock, socket } = startBrowserClient({ heartbeat });
    const seen: unknown[] = [];
    socket.on('message', (data) => seen.push(data));
    FakeWebSocket.last.open();
    clock.advance(25_000);
    expect(FakeWebSocket.last.sent).toEqual(['ping']);
    FakeWebSocket.last.receive('pong');
    clock.advance(24_999);
    expect(socket.state).toBe('open');
    expect(seen).toEqual([]);
  });

  it('closes a silent socket with 4000 within interval + timeout and reconnects', () => {
    const { clock, socket } = startBrowserClient({ heartbeat });
    const first = FakeWebSocket.last;
    first.open();
    clock.advance(35_000);
    expect(first.closeCalls).toEqual([{ code: 4000, reason: 'heartbeat timeout' }]);
    expect(socket.state).toBe('reconnecting');
    first.closed(4000, 'heartbeat timeout'); // late close event of the abandoned socket is ignored
    clock.advance(250);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('counts chunks of a partial message as liveness', () => {
    const { clock, socket } = startBrowserClient({ heartbeat: { intervalMs: 1000, timeoutMs: 500 }, fragment: { sizeBytes: 4 } });
    FakeWebSocket.last.open();
    for (let i = 0; i < 5; i++) {
      clock.advance(900);
      FakeWebSocket.last.receive(new Uint8Array([0xa1, 0, 0, 0, 0, 1, 0, 0, 0, i, 7]));
    }
    expect(FakeWebSocket.last.sent).toEqual([]);
    expect(socket.state).toBe('open');
  });

  it('on visibilitychange to visible, probes a suspect socket instead of trusting throttled timers', () => {
    const { clock, socket } = startBrowserClient({ heartbeat });
    FakeWebSocket.last.open();
    // Hidden tab: timers frozen for 5 minutes, the page comes back.
    browser.document.visibilityState = 'hidden';
    browser.document.dispatchEvent(new Event('visibilitychange'));
    clock.jumpTo(300_000);
    expect(socket.state).toBe('open');
    const probes = FakeWebSocket.last.sent.length;
    expect(probes).toBe(1);
    browser.document.visibilityState = 'visible';
    browser.document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeWebSocket.last.sent).toEqual(['ping']); // a probe is already out: no second one
    FakeWebSocket.last.receive('pong');
    clock.advance(10_000);
    expect(socket.state).toBe('open');
  });

  it('on visibilitychange probes a socket that has been silent for an interval', () => {
    const { clock } = startBrowserClient({ heartbeat: { intervalMs: 25_000, timeoutMs: 10_000, lateToleranceMs: 1e9 } });
    FakeWebSocket.last.open();
    // The interval timer has not run (throttled), but 30 s of silence passed.
    clock.skip(30_000);
    browser.document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeWebSocket.last.sent).toEqual(['ping']);
  });

  it('on online reconnects at once instead of waiting out the backoff', () => {
    startBrowserClient({ heartbeat: false });
    FakeWebSocket.last.fail();
    expect(FakeWebSocket.instances).toHaveLength(1);
    browser.window.dispatchEvent(new Event('online'));
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('close() during reconnecting leaves no timers and no page listeners', async () => {
    const { clock, socket } = startBrowserClient();
    FakeWebSocket.last.open();
    FakeWebSocket.last.fail();
    expect(clock.pendingTimers()).toBe(1);
    await socket.close();
    expect(clock.pendingTimers()).toBe(0);
    expect(browser.window.listeners).toBe(0);
    expect(browser.document.listeners).toBe(0);
  });
});
