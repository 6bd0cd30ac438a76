import { copyBytes } from '../bytes/index.js';
import { WeftError } from '../errors/index.js';
import { decodeChunk, isChunkEnvelope } from './chunk-envelope.js';

/** Limits of a {@link Reassembler}; every field has a default. */
export interface ReassemblerOptions {
  /** Largest reassembled message. Default 64 MiB (the protocol's default `maxMessageBytes`). */
  maxMessageBytes?: number;
  /** Messages that may be partially received at once. Default 16. */
  maxPartialMessages?: number;
}

/** Outcome of {@link Reassembler.push}. */
export type ReassemblyResult =
  /** A whole message: reassembled, or a binary message that was not an envelope (passed through). */
  | { kind: 'message'; isText: boolean; data: Uint8Array }
  /** A chunk was stored; the message is not complete yet. */
  | { kind: 'partial' }
  /** The chunk broke a rule; its message (if any) was discarded. Codes: `ERR_CHUNK_*`. */
  | { kind: 'error'; error: WeftError };

/** An incomplete message held by {@link createReassembler}. */
export interface PartialMessage {
  isText: boolean;
  /** Bytes so far. */
  bytes: number;
  /** Copies of the payloads so far; the next chunk's index is `parts.length`. */
  parts: Uint8Array[];
}

const PARTIAL: ReassemblyResult = { kind: 'partial' };

/** Takes one received binary message; see {@link createReassembler}. */
export type ReassembleChunk = (message: Uint8Array) => ReassemblyResult;

/**
 * Rebuilds messages split into chunk envelopes (`ChunkEnvelope`), as a function: feed it every
 * binary message; text messages never carry envelopes. Never throws on peer input. Chunks of
 * one message must arrive in index order without gaps (a WebSocket keeps order); anything else
 * is an error, never a silent reordering.
 *
 * @param partials - where incomplete messages are kept (pass one to inspect or clear it).
 */
export function createReassembler(
  { maxMessageBytes = 64 * 1024 * 1024, maxPartialMessages = 16 }: ReassemblerOptions = {},
  partials = new Map<number, PartialMessage>(),
): ReassembleChunk {
  return (message) => {
    if (!isChunkEnvelope(message)) return { kind: 'message', isText: false, data: message };
    const chunk = decodeChunk(message);
    if (typeof chunk === 'string') return fail('ERR_CHUNK_INVALID', chunk);
    const { messageId, index, final, isText, payload } = chunk;
    const partial = partials.get(messageId);
    // Any broken rule discards the message's partial state; a good chunk puts it back.
    partials.delete(messageId);
    const parts = partial?.parts ?? [];
    const bytes = (partial?.bytes ?? 0) + payload.byteLength;
    const problem = (code: string, text: string): ReassemblyResult => fail(code, `chunk ${index} of message ${messageId} ${text}`);
    if (index !== parts.length) return problem('ERR_CHUNK_ORDER', `arrived; expected ${parts.length}`);
    if (partial && isText !== partial.isText) return problem('ERR_CHUNK_INVALID', 'changed the text flag');
    // Check the limit before buffering the payload.
    if (bytes > maxMessageBytes) return problem('ERR_CHUNK_TOO_BIG', `passes maxMessageBytes ${maxMessageBytes}`);
    if (!partial) {
      if (final) return { kind: 'message', isText, data: payload };
      if (partials.size >= maxPartialMessages) return problem('ERR_CHUNK_TOO_MANY', `passes maxPartialMessages ${maxPartialMessages}`);
    }
    parts.push(copyBytes(payload));
    if (!final) {
      partials.set(messageId, { isText, bytes, parts });
      return PARTIAL;
    }
    const data = new Uint8Array(bytes);
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.byteLength;
    }
    return { kind: 'message', isText, data };
  };
}

/**
 * {@link createReassembler} as a class. Exported for servers (e.g. on `ws`) that talk to the
 * browser client with fragmentation on:
 *
 * ```ts
 * const reassembler = new Reassembler();
 * ws.on('message', (data, isBinary) => {
 *   if (!isBinary) return handle(data.toString());
 *   const result = reassembler.push(new Uint8Array(data));
 *   if (result.kind === 'message') handle(result.isText ? Buffer.from(result.data).toString() : result.data);
 *   else if (result.kind === 'error') ws.close(1007, result.error.code);
 * });
 * ```
 */
export class Reassembler {
  readonly maxMessageBytes: number;
  readonly maxPartialMessages: number;
  readonly #partials = new Map<number, PartialMessage>();
  readonly #push: ReassembleChunk;

  constructor(options: ReassemblerOptions = {}) {
    this.#push = createReassembler(options, this.#partials);
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.maxPartialMessages = options.maxPartialMessages ?? 16;
  }

  /** Messages currently incomplete. */
  get pendingMessages(): number {
    return this.#partials.size;
  }

  /** Drop every incomplete message (e.g. when the connection is replaced). */
  reset(): void {
    this.#partials.clear();
  }

  /** Take one received binary message. Never throws on peer input. */
  push(message: Uint8Array): ReassemblyResult {
    return this.#push(message);
  }
}

function fail(code: string, message: string): ReassemblyResult {
  return { kind: 'error', error: new WeftError(code, message) };
}
