import { describe, expect, it } from 'vitest';
import { WebSocket } from '../src/index.js';
import type { MessageEvent } from '../src/index.js';
import { nextEvent, startEchoServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { withUncaughtCaptured } from './support/uncaught.js';

const cleanup = cleanupAfterEach();

describe('listener errors', () => {
  it('reports a throwing listener as an uncaught exception and keeps the connection working', async () => {
    const echo = await startEchoServer();
    cleanup.push(echo.close);
    await withUncaughtCaptured(async (reported) => {
      const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/`);
      await nextEvent(ws, 'open');
      ws.onmessage = (event) => {
        if (event.data === 'boom') throw new Error('listener failed');
      };
      ws.send('boom');
      ws.send('after');
      const seen: string[] = [];
      await new Promise<void>((resolve) => ws.addEventListener('message', (event) => {
        seen.push((event as MessageEvent).data as string);
        if (seen.length === 2) resolve();
      }));
      expect(seen).toEqual(['boom', 'after']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported).toHaveLength(1);
      expect((reported[0] as Error).message).toBe('listener failed');
      ws.close();
      await nextEvent(ws, 'close');
    });
  });
});
