/**
 * What tests of the receive path share: a WebSocket's messages kept in a list, waiting for a
 * number of them, and checking them byte for byte.
 */
import { expect } from 'vitest';
import type { WebSocket } from '../../src/index.js';

/** A message as the peer sent it: text as a string, binary as its bytes. */
export type SentMessage = string | Buffer;

/**
 * Keeps every message `ws` delivers in `messages`; `opened` resolves on open and rejects if the
 * socket closes first. The caller terminates the socket when the test ends.
 */
export function keepMessages(ws: WebSocket): { messages: unknown[]; opened: Promise<void> } {
  const messages: unknown[] = [];
  ws.addEventListener('message', (event) => void messages.push((event as MessageEvent).data));
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('close', () => reject(new Error('closed before open')), { once: true });
  });
  return { messages, opened };
}

/** Resolves once `list` holds `count` items; rejects after `timeoutMs` saying how many came. */
export async function waitForCount(list: unknown[], count: number, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (list.length < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} ${what}; got ${list.length}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Expects the received messages to be exactly `expected`, byte for byte and in the asked-for type. */
export function expectMessages(received: unknown[], expected: SentMessage[], binaryType: 'nodebuffer' | 'arraybuffer' = 'nodebuffer'): void {
  expect(received).toHaveLength(expected.length);
  const mismatches = expected.flatMap((message, i) => {
    const got = received[i];
    if (typeof message === 'string') return got === message ? [] : [`#${i}: text of ${Buffer.byteLength(message)} bytes differs`];
    const isRightType = binaryType === 'nodebuffer' ? Buffer.isBuffer(got) : got instanceof ArrayBuffer;
    const bytes = got instanceof ArrayBuffer ? Buffer.from(got) : (got as Buffer);
    return isRightType && bytes.equals(message) ? [] : [`#${i}: binary of ${message.length} bytes differs`];
  });
  expect(mismatches).toEqual([]);
}
