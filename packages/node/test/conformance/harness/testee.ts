/**
 * The testee, exactly as the independent suite runs it:
 * `new WebSocket(url, undefined, { maxMessageBytes: 64 * 2**20, perMessageDeflate })` and
 * `onmessage = (e) => ws.send(e.data)`. It also records what the user saw (events).
 *
 * `CONFORMANCE_TESTEE=ws` swaps in the `ws` package with the same settings, to check the suite
 * itself against a client known to pass Autobahn.
 */

/** What a user of the client saw, in order. */
export type UserEvent =
  | { type: 'open' }
  | { type: 'message'; kind: 'text' | 'binary'; bytes: number }
  | { type: 'error'; error: unknown }
  | { type: 'close'; code: number; reason: string; wasClean: boolean };

/** A running testee. */
export interface Testee {
  /** The WebSocket instance (typed loosely: the suite judges its behaviour, not its types). */
  ws: TesteeSocket;
  events: UserEvent[];
  /** Resolves with the close event (the testee "exits" then). */
  closed: Promise<Extract<UserEvent, { type: 'close' }>>;
}

/** The WHATWG surface the suite touches. */
export interface TesteeSocket {
  readyState: number;
  protocol: string;
  extensions: string;
  send(data: unknown): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { error?: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
}

type TesteeConstructor = new (url: string, protocols?: string | string[], options?: Record<string, unknown>) => TesteeSocket;

/** The client under test: `WebSocket` from @weft/node (or `ws` when asked). */
export async function loadWebSocket(): Promise<TesteeConstructor> {
  if (process.env['CONFORMANCE_TESTEE'] === 'ws') {
    const { WebSocket } = await import('ws');
    return class extends (WebSocket as unknown as TesteeConstructor) {
      constructor(url: string, protocols?: string | string[], options: Record<string, unknown> = {}) {
        const { maxMessageBytes, perMessageDeflate, ...rest } = options;
        super(url, protocols, { ...rest, maxPayload: maxMessageBytes, perMessageDeflate: perMessageDeflate ?? false });
      }
    };
  }
  const mod = (await import('@weft/node')) as unknown as { WebSocket?: TesteeConstructor };
  if (typeof mod.WebSocket !== 'function') throw new Error('@weft/node does not export WebSocket yet');
  return mod.WebSocket;
}

function sizeOf(data: unknown): { kind: 'text' | 'binary'; bytes: number } {
  if (typeof data === 'string') return { kind: 'text', bytes: Buffer.byteLength(data) };
  if (data instanceof ArrayBuffer) return { kind: 'binary', bytes: data.byteLength };
  if (ArrayBuffer.isView(data)) return { kind: 'binary', bytes: data.byteLength };
  if (typeof Blob !== 'undefined' && data instanceof Blob) return { kind: 'binary', bytes: data.size };
  return { kind: 'binary', bytes: -1 };
}

/** Starts the echo testee against `url`. */
export async function startTestee(url: string, options: { perMessageDeflate?: boolean } = {}): Promise<Testee> {
  const WebSocket = await loadWebSocket();
  const events: UserEvent[] = [];
  const ws = new WebSocket(url, undefined, { maxMessageBytes: 64 * 2 ** 20, perMessageDeflate: options.perMessageDeflate ?? false });
  const closed = new Promise<Extract<UserEvent, { type: 'close' }>>((resolve) => {
    ws.onopen = () => void events.push({ type: 'open' });
    ws.onmessage = (e) => {
      events.push({ type: 'message', ...sizeOf(e.data) });
      ws.send(e.data);
    };
    ws.onerror = (e) => void events.push({ type: 'error', error: e.error });
    ws.onclose = (e) => {
      const event = { type: 'close' as const, code: e.code, reason: e.reason, wasClean: e.wasClean };
      events.push(event);
      resolve(event);
    };
  });
  return { ws, events, closed };
}

/** Rejects after `ms` with `what` in the message, unless `promise` settles first. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
