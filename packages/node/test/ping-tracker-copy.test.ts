import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { PingTracker } from '../src/ping-tracker.js';

/** What `rtt` has settled to by now, or 'pending'. */
async function settled(rtt: Promise<number>): Promise<number | 'pending'> {
  return Promise.race([rtt, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);
}

describe('PingTracker', () => {
  it('matches the pong to the ping even when the caller reused the ping\'s Buffer before the pong came', async () => {
    const tracker = new PingTracker();
    const data = Buffer.from('beat-1');
    const { payload, rtt } = tracker.start(data, 100);
    data.write('beat-2');
    expect(Buffer.from(payload).toString()).toBe('beat-1');
    tracker.receivePong(Buffer.from('beat-1'), 130);
    expect(await settled(rtt)).toBe(30);
  });

  it('does not take a pong echoing what the Buffer holds now for the ping sent earlier', async () => {
    const tracker = new PingTracker();
    const data = Buffer.from('one');
    const { rtt } = tracker.start(data, 0);
    data.write('two');
    tracker.receivePong(Buffer.from('two'), 5);
    expect(await settled(rtt)).toBe('pending');
    tracker.rejectAll(1006, '', 'remote');
    await expect(rtt).rejects.toThrow();
  });
});
