/**
 * The primitives core needs from its host, injected by each adapter so that core itself imports
 * nothing from `node:` or the DOM.
 */
export interface Platform {
  /** Fill `target` with cryptographically strong random bytes (masking keys, handshake keys). */
  fillRandom(target: Uint8Array): void;
  /** base64(SHA-1(text)) of an ASCII string, for `Sec-WebSocket-Accept`. */
  sha1Base64(text: string): string;
  /**
   * Optional accelerator: a new buffer of exactly `length` bytes whose contents may be garbage
   * (Node: `Buffer.allocUnsafe`). Core uses it for received payloads and for the buffers the
   * fragments of a message are kept and joined in; it reads only bytes it has written, and every
   * buffer it hands on is filled completely (a partially received frame, or a partly filled
   * buffer of fragments, is never delivered). A buffer of another length, or a throw, fails the
   * connection with 1009 instead. Absent: a zero-filled `new Uint8Array(length)`.
   */
  allocate?(length: number): Uint8Array;
  /**
   * Optional, with {@link allocate}: core is done with `buffer`, which `allocate` returned (a
   * received text frame, once decoded), or which {@link encodeUtf8} or {@link encodeUtf8WithRoom}
   * returned and no frame views (an extension compressed the text, or every fragment was copied
   * into a frame of its own): the host may hand its memory out again. Core never passes a buffer
   * it has given to the application or the transport.
   * Absent: such buffers are left to the GC.
   */
  recycle?(buffer: Uint8Array): void;
  /**
   * Optional accelerator: `text` as UTF-8 (lone surrogates as U+FFFD), in a new buffer core owns:
   * it masks the bytes in place and hands them to the transport. Core encodes text of up to
   * `SHORT_TEXT_MAX_UNITS` itself, so this sees longer text (Node: into a frame buffer of pooled
   * memory, taken back once the socket has written it). Not called for such text when
   * {@link encodeUtf8WithRoom} is given. Absent: `TextEncoder`.
   */
  encodeUtf8?(text: string): Uint8Array;
  /**
   * Optional accelerator: as {@link encodeUtf8}, but the UTF-8 starts `room` bytes into the
   * returned buffer (core asks for 14), after garbage core may overwrite with the frame's header,
   * and ends where the buffer ends. A message sent as one frame (or its first fragment), neither
   * compressed nor streamed (under 4 MiB), is then one buffer and leaves as one chunk (text
   * uploads of 64 KiB and 1 MiB on Node: 5–15 % less user CPU in the client). When given, core
   * calls it instead of `encodeUtf8`, so a platform that overrides one should override both.
   */
  encodeUtf8WithRoom?(text: string, room: number): Uint8Array;
  /**
   * Optional accelerator: true when `bytes` is complete, valid UTF-8 by the WHATWG rules (Node:
   * `isUtf8` of `node:buffer`, SIMD). Absent: core's portable validator.
   */
  isValidUtf8?(bytes: Uint8Array): boolean;
  /**
   * Optional accelerator, used together with {@link isValidUtf8}: true when every byte of `bytes`
   * is under 0x80 (Node: `isAscii` of `node:buffer`, SIMD). With it, a streaming validator checks
   * a text message that is ASCII so far with this one scan and knows at the end whether it was
   * all ASCII, so {@link decodeUtf8} is told and does not scan the bytes again. Absent: long
   * chunks go to {@link isValidUtf8} alone, and the decoder is not told.
   */
  isAscii?(bytes: Uint8Array): boolean;
  /**
   * Optional accelerator: validates and decodes complete UTF-8 in one call, returning undefined
   * when the bytes are not valid UTF-8; a leading byte order mark is kept (Node: an all-ASCII
   * payload from 2 KiB is read as Latin-1, the same string by a plain copy). Absent: a fatal
   * `TextDecoder`. Core calls it unbound, not as a method of the platform object (it must not
   * use `this`): it runs for every received text message, and a bound or wrapped method would add
   * a step to each.
   */
  decodeUtf8IfValid?(bytes: Uint8Array): string | undefined;
  /**
   * Optional accelerator: decodes bytes that core has already validated as UTF-8 (Node:
   * `Buffer#utf8Slice`), with no validation of its own and no BOM stripping. `ascii`: true when
   * core also knows every byte is under 0x80, false when it knows one is not, undefined when it
   * cannot tell (Node reads ASCII as Latin-1, and scans for it only when not told). Absent: a
   * non-fatal `TextDecoder`.
   */
  decodeUtf8?(bytes: Uint8Array, ascii?: boolean): string;
}

/** Opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/** Time and timers, injected so policies can run on a fake clock in tests. */
export interface Clock {
  /** Milliseconds from an arbitrary origin; must never go backwards. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
