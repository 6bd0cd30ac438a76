import { createClient, type ClientOptions } from '@weft/core';
import { FakeClock } from '../../core/src/testing/index.js';
import { createBrowserFactory } from '../src/browser-factory.js';

/** The browser client on a fake clock (jitter fixed at half the window). */
export function startBrowserClient(options: ClientOptions = {}) {
  const clock = new FakeClock();
  const socket = createClient(createBrowserFactory(clock), 'wss://example.test/', options, clock, () => 0.5);
  return { clock, socket };
}
