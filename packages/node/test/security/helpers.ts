import { WebSocket } from '../../src/index.js';
import type { CloseEvent, ErrorEvent, MessageEvent } from '../../src/index.js';

/** Everything a user of one WebSocket saw, in order. */
export interface Observed {
  readonly ws: WebSocket;
  readonly events: string[];
  readonly messages: unknown[];
  error: unknown;
  readonly closed: Promise<CloseEvent>;
}

/** Opens a WebSocket and records its events until `close`. */
export function observe(url: string, protocols?: string | string[], options?: ConstructorParameters<typeof WebSocket>[2]): Observed {
  const ws = new WebSocket(url, protocols, options);
  const observed: Observed = {
    ws,
    events: [],
    messages: [],
    error: undefined,
    closed: new Promise((resolve) => ws.addEventListener('close', (event) => resolve(event as CloseEvent))),
  };
  for (const type of ['open', 'message', 'error', 'close']) {
    ws.addEventListener(type, (event) => {
      observed.events.push(type);
      if (type === 'message') observed.messages.push((event as MessageEvent).data);
      if (type === 'error') observed.error = (event as ErrorEvent).error;
    });
  }
  return observed;
}

/** `code` of a WeftError (or a Node system error), for assertions. */
export function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}
