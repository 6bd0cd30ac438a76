import { describe, expect, it } from 'vitest';
import { Cancellation } from '../src/cancellation.js';
import { withUncaughtCaptured } from './support/uncaught.js';

describe('Cancellation (the abort signal of one opening handshake)', () => {
  it('fires once: sets aborted and reason, calls each listener once in the order added', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    const first = (): void => void calls.push('first');
    cancellation.addEventListener('abort', first);
    cancellation.addEventListener('abort', first); // added twice: still one listener, as on an EventTarget
    cancellation.addEventListener('abort', () => calls.push('second'));
    expect(cancellation.aborted).toBe(false);
    const reason = new Error('deadline');
    cancellation.abort(reason);
    cancellation.abort(new Error('later'));
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe(reason);
    expect(calls).toEqual(['first', 'second']);
  });

  it('does not call a listener removed before the abort, nor one added after it', () => {
    const cancellation = new Cancellation();
    let removedCalls = 0;
    const removed = (): void => void removedCalls++;
    cancellation.addEventListener('abort', removed);
    cancellation.removeEventListener('abort', removed);
    cancellation.abort('stop');
    let lateCalls = 0;
    cancellation.addEventListener('abort', () => lateCalls++);
    expect([removedCalls, lateCalls]).toEqual([0, 0]);
  });

  it('does not call a listener that an earlier one removed during the abort, as a dispatch would not', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    const second = (): void => void calls.push('second');
    cancellation.addEventListener('abort', () => {
      calls.push('first');
      cancellation.removeEventListener('abort', second);
    });
    cancellation.addEventListener('abort', second);
    cancellation.addEventListener('abort', () => calls.push('third'));
    cancellation.abort('stop');
    expect(calls).toEqual(['first', 'third']);
  });

  it('reports a listener that throws as an uncaught exception and still calls the rest', async () => {
    await withUncaughtCaptured(async (reported) => {
      const cancellation = new Cancellation();
      let after = 0;
      cancellation.addEventListener('abort', () => { throw new Error('listener failed'); });
      cancellation.addEventListener('abort', () => after++);
      cancellation.abort('stop');
      expect(after).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported.map((error) => (error as Error).message)).toEqual(['listener failed']);
    });
  });
});
