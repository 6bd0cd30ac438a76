import { expect, type Page } from '@playwright/test';

/** One event recorded by the page (harness.js), with `performance.now()` time. */
export interface PageEvent {
  type: 'open' | 'close' | 'reconnecting' | 'error' | 'state' | 'unsent' | 'message' | 'opened' | 'opened-rejected';
  t: number;
  value?: any;
}

/** A timer still pending in the page. */
export interface LiveTimer {
  kind: 'timeout' | 'interval';
  ms: number;
  stack: string;
}

/** What `socket.send` did in the page: `ok`, or the error it threw. */
export interface SendOutcome {
  ok: boolean;
  error?: { name?: string; code?: string; message?: string; isWeftError?: boolean };
}

interface HarnessWindow {
  harness: {
    events: PageEvent[];
    connect(url: string, options: unknown): void;
    send(data: string | { binary: number; seed: number }): SendOutcome;
    sendBig(length: number, seed: number): Promise<{ bytes: number; sha256: string }>;
    sendBigText(unit: string, repeat: number): Promise<{ bytes: number; sha256: string }>;
    hashReceived(index: number): Promise<{ isText: boolean; bytes: number; sha256: string }>;
    sendAndDrain(count: number, length: number): Promise<{ queued: number; afterDrained: number }>;
    close(code?: number, reason?: string): Promise<{ ms: number }>;
    snapshot(): { state: string; bufferedAmount: number; now: number };
    sleep(ms: number): Promise<void>;
  };
  timerProbe: { live(): LiveTimer[]; created(): number };
}

/**
 * The Node side of the harness page: opens it from the page server, then drives the socket in
 * the page. Page errors are collected so a test can assert there were none.
 */
export class PageClient {
  readonly pageErrors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.pageErrors.push(String(error)));
  }

  /** Load the harness (never about:blank: Weft must run on a real http://127.0.0.1 origin). */
  static async open(page: Page, pageUrl: string): Promise<PageClient> {
    const client = new PageClient(page);
    await page.goto(pageUrl);
    await page.waitForFunction(() => typeof (window as unknown as { Weft?: unknown }).Weft === 'object' && 'harness' in window);
    return client;
  }

  /** `Weft.connect(url, options)` in the page (options must be JSON: no functions). */
  async connect(url: string, options: Record<string, unknown>): Promise<void> {
    await this.page.evaluate(([u, o]) => (window as unknown as HarnessWindow).harness.connect(u, o), [url, options] as const);
  }

  /** `socket.send` in the page: text, or `{ binary: length, seed }` for pseudo-random bytes. */
  send(data: string | { binary: number; seed: number }): Promise<SendOutcome> {
    return this.page.evaluate((d) => (window as unknown as HarnessWindow).harness.send(d), data);
  }

  sendBig(length: number, seed: number): Promise<{ bytes: number; sha256: string }> {
    return this.page.evaluate(([l, s]) => (window as unknown as HarnessWindow).harness.sendBig(l, s), [length, seed] as const);
  }

  sendBigText(unit: string, repeat: number): Promise<{ bytes: number; sha256: string }> {
    return this.page.evaluate(([u, r]) => (window as unknown as HarnessWindow).harness.sendBigText(u, r), [unit, repeat] as const);
  }

  /** Fire the page-lifecycle event Weft watches: `online` on window, `visibilitychange` on document. */
  async fire(event: 'online' | 'visibilitychange'): Promise<void> {
    await this.page.evaluate((name) => (name === 'online' ? window : document).dispatchEvent(new Event(name)), event);
  }

  /** Send `count` binary messages at once in the page, then `await socket.drained()` there. */
  sendAndDrain(count: number, length: number): Promise<{ queued: number; afterDrained: number }> {
    return this.page.evaluate(([c, l]) => (window as unknown as HarnessWindow).harness.sendAndDrain(c, l), [count, length] as const);
  }

  hashReceived(index: number): Promise<{ isText: boolean; bytes: number; sha256: string }> {
    return this.page.evaluate((i) => (window as unknown as HarnessWindow).harness.hashReceived(i), index);
  }

  close(code?: number, reason?: string): Promise<{ ms: number }> {
    return this.page.evaluate(([c, r]) => (window as unknown as HarnessWindow).harness.close(c, r), [code, reason] as const);
  }

  snapshot(): Promise<{ state: string; bufferedAmount: number; now: number }> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.snapshot());
  }

  events(): Promise<PageEvent[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.events);
  }

  async eventsOf(type: PageEvent['type']): Promise<PageEvent[]> {
    return (await this.events()).filter((event) => event.type === type);
  }

  liveTimers(): Promise<LiveTimer[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).timerProbe.live());
  }

  timersCreated(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).timerProbe.created());
  }

  /** Wait in the page (real timers). */
  sleep(ms: number): Promise<void> {
    return this.page.evaluate((m) => (window as unknown as HarnessWindow).harness.sleep(m), ms);
  }

  /** Wait until `socket.state` is `state`. */
  async waitForState(state: string, timeoutMs = 5_000): Promise<void> {
    await expect.poll(async () => (await this.snapshot()).state, { timeout: timeoutMs, intervals: [20] }).toBe(state);
  }

  /** Wait until at least `count` events of `type` were recorded; returns them. */
  async waitForEvents(type: PageEvent['type'], count = 1, timeoutMs = 5_000): Promise<PageEvent[]> {
    await expect.poll(async () => (await this.eventsOf(type)).length, { timeout: timeoutMs, intervals: [20] }).toBeGreaterThanOrEqual(count);
    return this.eventsOf(type);
  }
}

/** Poll `read` in Node until it returns a value that `accept` takes (or fail after `timeoutMs`). */
export async function waitUntil<T>(what: string, read: () => T, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
