import {
  createReassembler,
  WeftError,
  type Clock,
  type Connection,
  type ConnectionFactory,
  type ConnectionHandlers,
  type MessageData,
} from '@weft/core';
import { createChunkSender, type ChunkSink } from './chunk-sender.js';
import type { BrowserConnectOptions } from './connect-options.js';
import { watchPageLifecycle } from './lifecycle-watch.js';

/**
 * The browser's {@link ConnectionFactory}: one native `WebSocket` per attempt, looked up on
 * `globalThis` when the attempt starts (so polyfills installed after import are used).
 */
export function createBrowserFactory(clock: Clock): ConnectionFactory<BrowserConnectOptions> {
  return {
    open: (url, options, handlers) => openNativeConnection(url, options, handlers, clock),
    watch: watchPageLifecycle,
  };
}

function openNativeConnection(
  url: string,
  options: BrowserConnectOptions,
  handlers: ConnectionHandlers,
  clock: Clock,
): Connection {
  const Native = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (typeof Native !== 'function') throw new TypeError('no globalThis.WebSocket (use @weft/node or a polyfill)');
  const { protocols, maxMessageBytes = 64 * 1024 * 1024, fragment } = options;
  const ws = new Native(url, protocols);
  ws.binaryType = 'arraybuffer';
  // The DOM typings only accept ArrayBuffer-backed views; the native send takes any view.
  const sendNative = (data: MessageData): void => ws.send(data as string | Uint8Array<ArrayBuffer>);
  // The native socket is the chunk sender's sink as it is (its `send` takes any view, see above).
  const sender = fragment ? createChunkSender(ws as unknown as ChunkSink, fragment.sizeBytes, clock) : undefined;
  const reassemble = fragment ? createReassembler({ maxMessageBytes }) : undefined;

  // Browsers may only send 1000 or 3000–4999, so the RFC 6455 §7.4.1 code `10xx` that applies
  // is sent as `40xx` (1007 → 4007, 1009 → 4009).
  const failWith = (code: string, message: string, rfcCode: number): void => {
    handlers.onError(new WeftError(code, message));
    ws.close(rfcCode + 3000, code);
  };
  ws.onopen = () => handlers.onOpen({ protocol: ws.protocol, extensions: ws.extensions });
  ws.onerror = () => handlers.onError(new WeftError('ERR_WEBSOCKET', `WebSocket error on ${url}`));
  ws.onclose = ({ code, reason, wasClean }) => {
    sender?.stop();
    handlers.onClose({ code, reason, wasClean });
  };
  ws.onmessage = ({ data }: MessageEvent<unknown>) => {
    const isText = typeof data === 'string';
    if (!isText && !(data instanceof ArrayBuffer)) return;
    // Text: the browser has already buffered it; the check still keeps the contract of the option.
    const size = isText ? data.length : data.byteLength;
    if (size > maxMessageBytes) {
      return failWith('ERR_MESSAGE_TOO_BIG', `message over maxMessageBytes ${maxMessageBytes}`, 1009);
    }
    if (isText || reassemble === undefined) return handlers.onMessage(isText ? data : new Uint8Array(data));
    const result = reassemble(new Uint8Array(data));
    if (result.kind === 'partial') return handlers.onActivity();
    if (result.kind === 'error') return failWith(result.error.code, result.error.message, 1007);
    if (!result.isText) return handlers.onMessage(result.data);
    const text = decodeText(result.data);
    if (text === undefined) return failWith('ERR_INVALID_UTF8', 'chunked text is not UTF-8', 1007);
    handlers.onMessage(text);
  };

  return {
    send: (data) => (sender === undefined ? sendNative(data) : sender.send(data)),
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount() {
      return ws.bufferedAmount + (sender?.pendingBytes ?? 0);
    },
  };
}

const fatalDecoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}
