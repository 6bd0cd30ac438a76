import { ChunkEnvelope, measureMessageBytes, splitMessage, type Clock, type MessageData, type TimerHandle } from '@weft/core';

/** The part of a native WebSocket the sender writes to. */
export interface ChunkSink {
  send(data: string | Uint8Array): void;
  readonly bufferedAmount: number;
}

interface Outgoing {
  id: number;
  isText: boolean;
  pieces: Uint8Array[];
  next: number;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Sends messages over a native WebSocket, splitting those larger than `sizeBytes` into
 * {@link ChunkEnvelope}s. Chunks go out only while the socket's `bufferedAmount` is under
 * `highWaterBytes` (polled on the clock: browsers have no drain event), and messages sent
 * meanwhile wait behind them, so order is kept. A binary message that starts with the envelope
 * magic byte is wrapped even when small, so the receiver never mistakes it for a chunk.
 */
export class ChunkSender {
  private readonly waiting: MessageData[] = [];
  private waitingBytes = 0;
  private current: Outgoing | undefined;
  private currentBytes = 0;
  private nextId = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly sink: ChunkSink,
    private readonly sizeBytes: number,
    private readonly clock: Clock,
    private readonly highWaterBytes = Math.max(sizeBytes * 4, 1024 * 1024),
    private readonly pollMs = 8,
  ) {}

  /** Bytes accepted but not yet handed to the native socket. */
  get pendingBytes(): number {
    return this.waitingBytes + this.currentBytes;
  }

  /** Send `data` (may view caller memory: copied when it has to wait). */
  send(data: MessageData): void {
    if (this.stopped) return;
    if (this.current !== undefined || this.waiting.length > 0) {
      const copy = typeof data === 'string' ? data : data.slice();
      this.waiting.push(copy);
      this.waitingBytes += measureMessageBytes(copy);
      return;
    }
    this.start(data);
    if (this.current !== undefined) this.pump();
  }

  /** The socket closed: forget what is left and clear the pacing timer. */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.waitingBytes = 0;
    this.current = undefined;
    this.currentBytes = 0;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Send `data` whole, or make it the current chunked message (the caller pumps). */
  private start(data: MessageData): void {
    const isText = typeof data === 'string';
    const bytes = isText ? encoder.encode(data) : data;
    if (bytes.byteLength <= this.sizeBytes && (isText || !ChunkEnvelope.isEnvelope(bytes))) {
      this.sink.send(data);
      return;
    }
    const owned = isText ? bytes : bytes.slice();
    this.current = { id: this.nextId, isText, pieces: splitMessage(owned, this.sizeBytes), next: 0 };
    this.nextId = (this.nextId + 1) >>> 0;
    this.currentBytes = owned.byteLength;
  }

  private pump(): void {
    this.timer = undefined;
    while (!this.stopped) {
      const current = this.current;
      if (current === undefined) {
        const data = this.waiting.shift();
        if (data === undefined) return;
        this.waitingBytes -= measureMessageBytes(data);
        this.start(data);
        continue;
      }
      if (this.sink.bufferedAmount >= this.highWaterBytes) {
        this.timer = this.clock.setTimeout(() => this.pump(), this.pollMs);
        return;
      }
      const index = current.next++;
      const payload = current.pieces[index];
      const final = current.next === current.pieces.length;
      this.currentBytes -= payload.byteLength;
      if (final) this.current = undefined;
      this.sink.send(ChunkEnvelope.encode({ messageId: current.id, index, final, isText: current.isText, payload }));
    }
  }
}
