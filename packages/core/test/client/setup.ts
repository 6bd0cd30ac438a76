import { createClient, protocolRuntime, type ClientOptions, type ClientRuntime, type UrlSource } from '../../src/client/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { FakeFactory } from './fake-factory.js';

/**
 * A client on a fake clock and a fake factory; jitter fixed at half the window. By default the
 * client runs as in Node: refused handshakes judged by their HTTP status, pings when `withPing`.
 */
export function startClient(
  options: ClientOptions = {},
  url: UrlSource = 'ws://example.test/',
  withPing = false,
  runtime: ClientRuntime = protocolRuntime,
) {
  const clock = new FakeClock();
  const factory = new FakeFactory(withPing);
  const socket = createClient(factory, url, options, clock, () => 0.5, runtime);
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
