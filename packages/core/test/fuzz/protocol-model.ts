/**
 * An independent reference model of what RFC 6455 says a client must make of a server byte
 * stream, written for the fuzzer: it reads the whole stream at once (no chunking), so comparing
 * it with ClientProtocol fed random chunks checks both the rules and chunking independence.
 * Where the RFC leaves the choice of status code open (two violations in one frame), the model
 * returns every acceptable code.
 */
import { TextDecoder } from 'node:util';

/** What a client application may observe. */
export type ModelEvent =
  | { type: 'text'; data: string }
  | { type: 'binary' | 'ping' | 'pong'; data: Uint8Array }
  | { type: 'close'; code: number; reason: string };

/** Limits and the (optional) negotiated permessage-deflate, without context takeover. */
export interface ModelOptions {
  maxFrameBytes: number;
  maxMessageBytes: number;
  maxFragments: number;
  /**
   * Weft's bound on the encoded (RSV1) size of a compressed message whose decoded size may be
   * maxMessageBytes (the extension's `maxEncodedBytes`); equal to maxMessageBytes without one.
   */
  maxEncodedBytes?: number;
  /** Weft's fragment rule: past maxFragments, fragments must average at least this many bytes. */
  minAverageFragmentBytes?: number;
  /** Inflate a whole compressed message, or name the close code it must fail with. */
  inflate?: (payload: Uint8Array, maxBytes: number) => Uint8Array | 1007 | 1009;
}

/** The model's verdict on a stream. */
export interface ModelResult {
  events: ModelEvent[];
  /** Acceptable close codes when the connection must be failed; undefined when it must not. */
  failure: number[] | undefined;
  /**
   * When the stream stops inside a data frame whose header or partial payload already breaks a
   * rule (the message would pass its byte limit; the text received so far is
   * not UTF-8), a client MAY fail early (RFC 6455 §8.1 "fail fast") with one of these codes.
   */
  mayFail?: number[];
}

const PROTOCOL = 1002;
const INVALID_DATA = 1007;
const TOO_BIG = 1009;

/** Runs the model over `bytes`; `eof` appends the 1006 closure a transport end produces. */
export function modelServerStream(bytes: Uint8Array, options: ModelOptions, eof: boolean): ModelResult {
  const events: ModelEvent[] = [];
  const fail = (codes: number[]): ModelResult => {
    if (eof) events.push({ type: 'close', code: 1006, reason: '' });
    return { events, failure: [...new Set(codes)] };
  };
  const maxEncodedBytes = Math.max(options.maxMessageBytes, options.maxEncodedBytes ?? options.maxMessageBytes);
  // A frame larger than the largest (encoded) message can never be accepted.
  const frameLimit = Math.min(options.maxFrameBytes, maxEncodedBytes);
  let message: { isText: boolean; compressed: boolean; parts: Uint8Array[]; size: number; utf8: TextDecoder | undefined } | undefined;
  let at = 0;
  while (at + 2 <= bytes.length) {
    const b0 = bytes[at];
    const b1 = bytes[at + 1];
    const fin = (b0 & 0x80) !== 0;
    const rsv1 = (b0 & 0x40) !== 0;
    const opcode = b0 & 0x0f;
    const len7 = b1 & 0x7f;
    const isControl = opcode >= 8;
    // §5.2 / §5.5 / §5.1: decidable from the first two bytes.
    const headerFaults: number[] = [];
    if ((opcode > 2 && opcode < 8) || opcode > 10) headerFaults.push(PROTOCOL);
    if (isControl && (!fin || len7 > 125)) headerFaults.push(PROTOCOL);
    if ((b1 & 0x80) !== 0) headerFaults.push(PROTOCOL);
    if (headerFaults.length > 0) return fail(headerFaults);
    const headerBytes = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
    if (at + headerBytes > bytes.length) break;
    let length = len7;
    if (len7 === 126) {
      length = (bytes[at + 2] << 8) | bytes[at + 3];
      if (length < 126) return fail([PROTOCOL]);
    } else if (len7 === 127) {
      const big = new DataView(bytes.buffer, bytes.byteOffset + at + 2, 8).getBigUint64(0);
      // §5.2: "the most significant bit MUST be 0"; beyond 2^53-1 no JS length can hold it.
      if (big >= 1n << 63n || big > BigInt(Number.MAX_SAFE_INTEGER)) return fail([PROTOCOL, TOO_BIG]);
      length = Number(big);
      if (length < 0x10000) return fail([PROTOCOL]);
    }
    if (length > frameLimit) return fail([TOO_BIG]);
    const available = bytes.subarray(at + headerBytes, Math.min(bytes.length, at + headerBytes + length));
    const early = isControl ? [] : earlyCodes(message, opcode, rsv1, length, available, options);
    if (at + headerBytes + length > bytes.length) {
      if (eof) events.push({ type: 'close', code: 1006, reason: '' });
      return { events, failure: undefined, mayFail: early };
    }
    const payload = available;
    at += headerBytes + length;
    const failFrame = (codes: number[]): ModelResult => fail([...codes, ...early]);
    // §5.2: RSV2/RSV3 undefined; RSV1 only with the extension, only on a message's first frame.
    if ((b0 & 0x30) !== 0) return failFrame([PROTOCOL]);
    if (rsv1 && (options.inflate === undefined || (opcode !== 1 && opcode !== 2))) return failFrame([PROTOCOL]);
    if (isControl) {
      if (opcode === 8) return closeFrame(payload, events, fail);
      events.push({ type: opcode === 9 ? 'ping' : 'pong', data: payload });
      continue;
    }
    if (opcode !== 0) {
      // §5.4: a new data frame inside a fragmented message.
      if (message !== undefined) return failFrame([PROTOCOL]);
      message = { isText: opcode === 1, compressed: rsv1, parts: [], size: 0,
        utf8: opcode === 1 && !rsv1 ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined };
    } else if (message === undefined) {
      return failFrame([PROTOCOL]);
    }
    const codes: number[] = [];
    const count = message.parts.length + 1;
    if (count > options.maxFragments && message.size + length < count * (options.minAverageFragmentBytes ?? 0)) codes.push(TOO_BIG);
    if (message.size + length > (message.compressed ? maxEncodedBytes : options.maxMessageBytes)) codes.push(TOO_BIG);
    if (!acceptsUtf8(message.utf8, payload, fin)) codes.push(INVALID_DATA);
    if (codes.length > 0) return failFrame(codes);
    message.parts.push(payload);
    message.size += length;
    if (!fin) continue;
    const done = finishMessage(message, options);
    message = undefined;
    if (typeof done === 'number') return fail([done]);
    events.push(done);
  }
  if (eof) events.push({ type: 'close', code: 1006, reason: '' });
  return { events, failure: undefined };
}

interface OpenMessage {
  isText: boolean;
  compressed: boolean;
  parts: Uint8Array[];
  size: number;
}

/** Codes a client may fail with from a data frame's header and the part of its payload seen. */
function earlyCodes(message: OpenMessage | undefined, opcode: number, rsv1: boolean, length: number, available: Uint8Array, options: ModelOptions): number[] {
  const continues = opcode === 0 && message !== undefined;
  const codes: number[] = [];
  const compressed = continues ? message.compressed : rsv1;
  const limit = compressed ? Math.max(options.maxMessageBytes, options.maxEncodedBytes ?? 0) : options.maxMessageBytes;
  if ((continues ? message.size : 0) + length > limit) codes.push(TOO_BIG);
  const isPlainText = continues ? message.isText && !message.compressed : opcode === 1 && !rsv1;
  if (isPlainText) {
    try {
      const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      for (const part of continues ? message.parts : []) decoder.decode(part, { stream: true });
      decoder.decode(available, { stream: true });
    } catch {
      codes.push(INVALID_DATA);
    }
  }
  return codes;
}

function acceptsUtf8(decoder: TextDecoder | undefined, payload: Uint8Array, fin: boolean): boolean {
  if (decoder === undefined) return true;
  try {
    decoder.decode(payload, { stream: !fin });
    return true;
  } catch {
    return false;
  }
}

function finishMessage(message: { isText: boolean; compressed: boolean; parts: Uint8Array[]; size: number }, options: ModelOptions): ModelEvent | number {
  let data: Uint8Array = new Uint8Array(message.size);
  let offset = 0;
  for (const part of message.parts) {
    data.set(part, offset);
    offset += part.length;
  }
  if (message.compressed) {
    const inflated = options.inflate!(data, options.maxMessageBytes);
    if (typeof inflated === 'number') return inflated;
    data = inflated;
  }
  if (!message.isText) return { type: 'binary', data };
  try {
    return { type: 'text', data: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data) };
  } catch {
    return INVALID_DATA;
  }
}

/** §5.5.1 / §7.4: a close body is empty, or a valid code then UTF-8. */
function closeFrame(payload: Uint8Array, events: ModelEvent[], fail: (codes: number[]) => ModelResult): ModelResult {
  if (payload.length === 0) {
    events.push({ type: 'close', code: 1005, reason: '' });
    return { events, failure: undefined };
  }
  if (payload.length === 1) return fail([PROTOCOL]);
  const code = (payload[0] << 8) | payload[1];
  const valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  if (!valid) return fail([PROTOCOL]);
  let reason: string;
  try {
    reason = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload.subarray(2));
  } catch {
    return fail([INVALID_DATA]);
  }
  events.push({ type: 'close', code, reason });
  return { events, failure: undefined };
}
