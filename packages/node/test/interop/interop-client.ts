/**
 * Small helpers for interop tests: open our client, await events, echo round trips.
 */
import { expect } from 'vitest';
import { mixedUtf8, pseudoRandomBytes } from '../conformance/harness/frame-builder.js';
import { loadWebSocket, withTimeout } from '../conformance/harness/testee.js';
import type { TesteeSocket } from '../conformance/harness/testee.js';

/** An open client plus a queue of the messages it received. */
export interface OpenClient {
  ws: TesteeSocket & { binaryType?: string };
  next(): Promise<unknown>;
  closed: Promise<{ code: number; reason: string; wasClean: boolean }>;
}

/** Opens `@weft/node`'s WebSocket to `url` and waits for `open`. */
export async function openClient(url: string, options: Record<string, unknown> = {}, protocols?: string[]): Promise<OpenClient> {
  const WebSocket = await loadWebSocket();
  const ws = new WebSocket(url, protocols, options) as OpenClient['ws'];
  const inbox: unknown[] = [];
  const waiters: Array<(data: unknown) => void> = [];
  ws.onmessage = (e) => {
    const waiter = waiters.shift();
    if (waiter) waiter(e.data);
    else inbox.push(e.data);
  };
  const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve) => {
    ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean });
  });
  const errors: unknown[] = [];
  ws.onerror = (e) => void errors.push(e.error);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      void closed.then(() => reject(new Error(`closed before open: ${String(errors[0])}`)));
    }),
    5000,
    `open ${url}`,
  );
  return {
    ws,
    closed,
    next: () => (inbox.length > 0 ? Promise.resolve(inbox.shift()) : withTimeout(new Promise((resolve) => waiters.push(resolve)), 10_000, 'a message')),
  };
}

/** Bytes of a received message (string → UTF-8). */
export function bytesOf(data: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new Error(`unexpected message data ${String(data)}`);
}

/** Sizes every interop peer is asked to echo. */
export const ECHO_SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20];

/**
 * Sends a text message and a binary one (pseudo-random from `seed + size`) of every ECHO_SIZES
 * size and expects each echoed byte for byte, one round trip at a time.
 */
export async function expectEchoOfEverySize(client: OpenClient, seed: number): Promise<void> {
  for (const size of ECHO_SIZES) {
    const text = mixedUtf8(size).toString('utf8');
    client.ws.send(text);
    expect(await client.next()).toBe(text);
    const bin = pseudoRandomBytes(size, size + seed);
    client.ws.send(bin);
    expect(bytesOf(await client.next()).equals(bin), `binary ${size}`).toBe(true);
  }
}
