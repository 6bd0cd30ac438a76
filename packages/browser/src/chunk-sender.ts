import { ChunkEnvelope, measureMessageBytes, splitMessage, type Clock, type MessageData, type TimerHandle } from '@weft/core';

/** The part of a native WebSocket the sender writes to. */
export interface ChunkSink {
  send(data: string | Uint8Array): void;
  readonly bufferedAmount: number;
}

/** Sends messages in chunks; see {@link createChunkSender}. */
export interface ChunkSender {
  /** Send `data` (may view caller memory: copied when it has to wait). */
  send(data: MessageData): void;
  /** The socket closed: forget what is left and clear the pacing timer. */
  stop(): void;
  /** Bytes accepted but not yet handed to the native socket. */
  readonly pendingBytes: number;
}

/** How often a paused sender looks at `bufferedAmount` again: browsers have no drain event. */
const POLL_MS = 8;
const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Sends messages over a native WebSocket, splitting those larger than `sizeBytes` into
 * {@link ChunkEnvelope}s. Chunks go out only while the socket's `bufferedAmount` is under
 * `highWaterBytes` (polled on the clock), and messages sent meanwhile wait behind them, so
 * order is kept. A binary message that starts with the envelope magic byte is wrapped even
 * when small, so the receiver never mistakes it for a chunk.
 */
export function createChunkSender(
  sink: ChunkSink,
  sizeBytes: number,
  clock: Clock,
  highWaterBytes = Math.max(sizeBytes * 4, 1024 * 1024),
): ChunkSender {
  // Messages behind the current one (copies), and the chunked message being sent.
  let waiting: MessageData[] = [];
  let waitingBytes = 0;
  let current: { id: number; isText: boolean; pieces: Uint8Array[]; next: number } | undefined;
  let currentBytes = 0;
  let nextId = 0;
  let timer: TimerHandle | undefined;
  let stopped = false;

  /** Send `data` whole, or make it the current chunked message (the caller pumps). */
  const start = (data: MessageData): void => {
    const isText = typeof data === 'string';
    const bytes = isText ? encoder.encode(data) : data;
    if (bytes.byteLength <= sizeBytes && (isText || !ChunkEnvelope.isEnvelope(bytes))) return sink.send(data);
    const owned = isText ? bytes : bytes.slice();
    current = { id: nextId, isText, pieces: splitMessage(owned, sizeBytes), next: 0 };
    nextId = (nextId + 1) >>> 0;
    currentBytes = owned.byteLength;
  };

  const pump = (): void => {
    timer = undefined;
    while (!stopped) {
      if (!current) {
        const data = waiting.shift();
        if (data === undefined) return;
        waitingBytes -= measureMessageBytes(data);
        start(data);
      } else if (sink.bufferedAmount >= highWaterBytes) {
        timer = clock.setTimeout(pump, POLL_MS);
        return;
      } else {
        const { id, isText, pieces } = current;
        const index = current.next++;
        const payload = pieces[index];
        const final = current.next === pieces.length;
        currentBytes -= payload.byteLength;
        if (final) current = undefined;
        sink.send(ChunkEnvelope.encode({ messageId: id, index, final, isText, payload }));
      }
    }
  };

  return {
    send(data) {
      if (stopped) return;
      if (!current && waiting.length === 0) {
        start(data);
        if (current) pump();
        return;
      }
      const copy = typeof data === 'string' ? data : data.slice();
      waiting.push(copy);
      waitingBytes += measureMessageBytes(copy);
    },
    stop() {
      stopped = true;
      waiting = [];
      waitingBytes = currentBytes = 0;
      current = undefined;
      clock.clearTimeout(timer);
    },
    get pendingBytes() {
      return waitingBytes + currentBytes;
    },
  };
}
