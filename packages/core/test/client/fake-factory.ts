import type { Connection, ConnectionFactory, ConnectionHandlers, ClientOptions, ClientControl } from '../../src/client/index.js';
import type { MessageData } from '../../src/policies/index.js';

/** A scripted connection: the test plays the server by calling its methods. */
export class FakeConnection implements Connection {
  readonly sent: MessageData[] = [];
  bufferedAmount = 0;
  closedWith: { code?: number; reason?: string } | undefined;
  terminated = false;
  paused = 0;
  resumed = 0;
  pings = 0;
  private pendingPings: (() => void)[] = [];
  ping?: () => Promise<unknown>;
  /** A drain signal, as Node connections have; a test sets it (absent: as browsers). */
  drained?: () => Promise<void>;

  constructor(readonly url: string, readonly handlers: ConnectionHandlers, withPing: boolean) {
    if (withPing) {
      this.ping = () => {
        this.pings++;
        return new Promise<void>((resolve) => this.pendingPings.push(resolve));
      };
    }
  }

  send(data: MessageData): void {
    this.sent.push(typeof data === 'string' ? data : data.slice());
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }
  pause(): void {
    this.paused++;
  }
  resume(): void {
    this.resumed++;
  }
  get isPaused(): boolean {
    return this.paused > this.resumed;
  }

  // The server side.
  acceptOpen(protocol = ''): void {
    this.handlers.onOpen({ protocol, extensions: '' });
  }
  receive(data: MessageData): void {
    this.handlers.onMessage(data);
  }
  closeFromServer(code: number, reason = ''): void {
    this.handlers.onClose({ code, reason, wasClean: true });
  }
  drop(error: unknown = new Error('ECONNRESET')): void {
    this.handlers.onError(error);
    this.handlers.onClose({ code: 1006, reason: '', wasClean: false });
  }
  answerPings(): void {
    for (const resolve of this.pendingPings.splice(0)) resolve();
  }
  /** Finish the closing handshake we started. */
  completeClose(): void {
    this.handlers.onClose({ code: this.closedWith?.code ?? 1005, reason: this.closedWith?.reason ?? '', wasClean: true });
  }
}

/** A factory that records every connection it opened. */
export class FakeFactory implements ConnectionFactory<ClientOptions> {
  readonly connections: FakeConnection[] = [];
  control: ClientControl | undefined;
  unwatched = 0;

  constructor(private readonly withPing = false) {}

  open(url: string, _options: ClientOptions, handlers: ConnectionHandlers): FakeConnection {
    const connection = new FakeConnection(url, handlers, this.withPing);
    this.connections.push(connection);
    return connection;
  }

  watch(control: ClientControl): () => void {
    this.control = control;
    return () => {
      this.unwatched++;
      this.control = undefined;
    };
  }

  get last(): FakeConnection {
    const connection = this.connections.at(-1);
    if (connection === undefined) throw new Error('no connection was opened');
    return connection;
  }
}

/** Let promise callbacks run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
