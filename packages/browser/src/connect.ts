import { createClient, type UrlSource, type WeftSocket } from '@weft/core';
import { browserClock } from './browser-clock.js';
import { createBrowserFactory } from './browser-factory.js';
import type { BrowserConnectOptions } from './connect-options.js';

/**
 * Open a reconnecting WebSocket over the browser's native `WebSocket` (looked up when each
 * attempt starts). Starts connecting at once; see `WeftSocket` for the API.
 *
 * @param url - a `ws:`/`wss:` URL, or a (sync or async) function called before every attempt.
 */
export function connect(url: UrlSource, options: BrowserConnectOptions = {}): WeftSocket<BrowserConnectOptions> {
  return createClient(createBrowserFactory(browserClock), url, options, browserClock, Math.random);
}
