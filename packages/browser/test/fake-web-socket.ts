/** A scripted stand-in for the browser's WebSocket: the test plays the network and the server. */
export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];

  readyState = 0;
  binaryType = 'blob';
  bufferedAmount = 0;
  protocol = '';
  extensions = '';
  readonly sent: (string | Uint8Array)[] = [];
  closeCalls: { code?: number; reason?: string }[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;

  constructor(readonly url: string, readonly protocols?: string | string[]) {
    FakeWebSocket.instances.push(this);
  }

  static get last(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (socket === undefined) throw new Error('no WebSocket was created');
    return socket;
  }

  send(data: string | ArrayBufferView | ArrayBuffer): void {
    if (this.readyState === 0) throw new Error('InvalidStateError: still connecting');
    if (typeof data === 'string') this.sent.push(data);
    else if (data instanceof ArrayBuffer) this.sent.push(new Uint8Array(data.slice(0)));
    else this.sent.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) throw new Error(`InvalidAccessError: close code ${code}`);
    this.closeCalls.push({ code, reason });
    if (this.readyState < 2) this.readyState = 2;
  }

  // The server side.
  open(protocol = ''): void {
    this.readyState = 1;
    this.protocol = protocol;
    this.onopen?.({});
  }
  receive(data: string | Uint8Array): void {
    const payload = typeof data === 'string' ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    this.onmessage?.({ data: payload });
  }
  closed(code: number, reason = '', wasClean = true): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean });
  }
  fail(): void {
    this.onerror?.({});
    this.closed(1006, '', false);
  }
}

/** An EventTarget that counts its listeners, to prove none outlive close(). */
export class CountingTarget extends EventTarget {
  listeners = 0;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    this.listeners++;
    super.addEventListener(type, listener, options);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    this.listeners--;
    super.removeEventListener(type, listener, options);
  }
}

/** Install the fake (and a window-like event target, and a document) on globalThis. */
export function installFakeBrowser(): { window: CountingTarget; document: CountingTarget & { visibilityState: string }; restore: () => void } {
  const g = globalThis as Record<string, unknown>;
  const saved = { WebSocket: g.WebSocket, addEventListener: g.addEventListener, removeEventListener: g.removeEventListener, document: g.document };
  FakeWebSocket.instances = [];
  const window = new CountingTarget();
  const document = Object.assign(new CountingTarget(), { visibilityState: 'visible' });
  g.WebSocket = FakeWebSocket;
  g.addEventListener = window.addEventListener.bind(window);
  g.removeEventListener = window.removeEventListener.bind(window);
  g.document = document;
  return {
    window,
    document,
    restore: () => Object.assign(g, saved),
  };
}
