import { createClient, type ClientOptions, type UrlSource } from '../../src/client/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { FakeFactory } from './fake-factory.js';

/** A client on a fake clock and a fake factory; jitter fixed at half the window. */
export function startClient(options: ClientOptions = {}, url: UrlSource = 'ws://example.test/', withPing = false) {
  const clock = new FakeClock();
  const factory = new FakeFactory(withPing);
  const socket = createClient(factory, url, options, clock, () => 0.5);
  const events: string[] = [];
  for (const name of ['open', 'close', 'reconnecting', 'error', 'state', 'unsent'] as const) {
    socket.on(name, (value: unknown) => {
      const detail = name === 'state' ? value
        : name === 'close' ? `${(value as { code: number }).code}${(value as { willReconnect: boolean }).willReconnect ? '+retry' : ''}`
        : name === 'reconnecting' ? (value as { delayMs: number }).delayMs
        : name === 'unsent' ? (value as unknown[]).length
        : '';
      events.push(`${name}${detail === '' ? '' : `:${String(detail)}`}`);
    });
  }
  return { clock, factory, socket, events };
}
