/** What `WebSocket.send` accepts. */
export type SendData = string | ArrayBuffer | ArrayBufferView | Blob;
/** Send data whose bytes are at hand. */
export type ReadySendData = Exclude<SendData, Blob>;

/** What the queue needs from its WebSocket. */
export interface BlobSendTarget {
  /** True while messages may still be sent. */
  canSend(): boolean;
  /** Sends one message now. */
  sendNow(data: ReadySendData): void;
  /** Reading a Blob failed: the connection cannot keep its order and is failed. */
  fail(error: unknown): void;
  /** The queue emptied: backpressure waiters may be settled. */
  emptied(): void;
}

/**
 * Keeps `send()` order when a Blob must be read first (WHATWG: messages go out in call order):
 * once a Blob is queued, every later message waits behind it. Exists only while non-empty.
 */
export class BlobSendQueue {
  readonly #items: SendData[];
  readonly #target: BlobSendTarget;

  /** Starts with `blob` and begins reading it. */
  constructor(blob: Blob, target: BlobSendTarget) {
    this.#items = [blob];
    this.#target = target;
  }

  /** Queues `data` behind what is waiting. */
  push(data: SendData): void {
    this.#items.push(data);
  }

  /** Sends what is ready, in order; returns true once the queue is empty (or sending stopped). */
  flush(): boolean {
    const items = this.#items;
    const target = this.#target;
    while (items.length > 0 && target.canSend()) {
      const next = items[0];
      if (next instanceof Blob) {
        next.arrayBuffer().then((buffer) => {
          items[0] = buffer;
          if (this.flush()) target.emptied();
        }, (error: unknown) => target.fail(error));
        return false;
      }
      items.shift();
      target.sendNow(next);
    }
    return true;
  }
}
