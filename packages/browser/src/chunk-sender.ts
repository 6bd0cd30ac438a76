import { DRAIN_POLL_MS, encodeChunk, isChunkEnvelope, measureMessageBytes, snapshotMessage, type Clock, type MessageData, type TimerHandle } from '@weft/core';

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

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Sends messages over a native WebSocket, splitting those larger than `sizeBytes` into
 * chunk envelopes (`ChunkEnvelope`). Chunks go out only while the socket's `bufferedAmount` is
 * under `highWaterBytes` (polled on the clock), and messages sent meanwhile wait behind them, so
 * order is kept. A binary message that starts with the envelope magic byte is wrapped even
 * when small, so the receiver never mistakes it for a chunk.
 */
export function createChunkSender(
  sink: ChunkSink,
  sizeBytes: number,
  clock: Clock,
  highWaterBytes = Math.max(sizeBytes * 4, 1024 * 1024),
): ChunkSender {
  // Messages behind the current one (copies).
  let waiting: MessageData[] = [];
  // Bytes of `waiting` plus the unsent rest of the current message.
  let pending = 0;
  // The unsent rest of the chunked message being sent, its kind, id and next chunk index.
  let rest: Uint8Array | undefined;
  let isText = false;
  let id = -1;
  let index = 0;
  let timer: TimerHandle | undefined;
  let stopped = false;

  /** Send `data` whole, or make it the current chunked message (the caller pumps). */
  const start = (data: MessageData): void => {
    const text = typeof data === 'string';
    const bytes = text ? encoder.encode(data) : data;
    if (bytes.byteLength <= sizeBytes && (text || !isChunkEnvelope(bytes))) return sink.send(data);
    rest = text ? bytes : bytes.slice();
    isText = text;
    id++; // the envelope keeps it modulo 2^32
    index = 0;
    pending += rest.byteLength;
  };

  const pump = (): void => {
    timer = undefined;
    while (!stopped) {
      if (rest) {
        if (sink.bufferedAmount >= highWaterBytes) return void (timer = clock.setTimeout(pump, DRAIN_POLL_MS));
        const payload = rest.subarray(0, sizeBytes);
        rest = rest.subarray(sizeBytes);
        const final = rest.byteLength === 0;
        pending -= payload.byteLength;
        sink.send(encodeChunk(id, index++, final, isText, payload));
        if (final) rest = undefined;
      } else if (waiting.length > 0) {
        const data = waiting.shift()!;
        pending -= measureMessageBytes(data);
        start(data);
      } else {
        return;
      }
    }
  };

  return {
    send(data) {
      if (stopped) return;
      if (rest || waiting.length > 0) {
        const copy = snapshotMessage(data);
        waiting.push(copy);
        pending += measureMessageBytes(copy);
      } else {
        start(data);
        pump();
      }
    },
    stop() {
      stopped = true;
      waiting = [];
      pending = 0;
      rest = undefined;
      clock.clearTimeout(timer);
    },
    get pendingBytes() {
      return pending;
    },
  };
}
