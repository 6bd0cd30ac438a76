import type { Platform } from '../platform/index.js';
import { decodeUtf8, decodeValidUtf8 } from './text-codec.js';
import { Utf8Validator } from './utf8-validator.js';

/** The UTF-8 operations the receive path needs, bound to the platform's accelerators when it has them. */
export interface Utf8Codec {
  /**
   * Validates and decodes `bytes`; undefined when they are not valid UTF-8. The platform's
   * `decodeUtf8IfValid` where given, else the fatal `TextDecoder`: it validates and decodes in one
   * pass, faster than a whole-buffer validator followed by a decoder (Node 20, 16 B to 1 MiB).
   */
  decode(bytes: Uint8Array): string | undefined;
  /**
   * Decodes bytes a streaming validator already accepted, with no second validation pass.
   * `ascii` is what the validator knows of their being all ASCII ({@link Utf8Validator.onlyAscii}:
   * true, false or undefined), which spares the platform's decoder a scan for it.
   */
  decodeValid(bytes: Uint8Array, ascii?: boolean): string;
  /** A streaming validator that hands long chunks to the platform's whole-buffer validator. */
  createValidator(): Utf8Validator;
}

/** The portable codec: core's validator and the host's `TextDecoder`. */
export const portableUtf8Codec: Utf8Codec = Object.freeze({
  decode: decodeUtf8,
  decodeValid: decodeValidUtf8,
  createValidator: () => new Utf8Validator(),
});

/**
 * A codec that uses `platform.isValidUtf8` and `platform.isAscii` (inside streaming validators,
 * for chunks of at least `NATIVE_UTF8_MIN_BYTES`), `platform.decodeUtf8` and
 * `platform.decodeUtf8IfValid` where they are given, the portable code otherwise.
 */
export function createUtf8Codec(platform: Pick<Platform, 'isValidUtf8' | 'isAscii' | 'decodeUtf8' | 'decodeUtf8IfValid'> | undefined): Utf8Codec {
  const nativeValid = platform?.isValidUtf8;
  const nativeAscii = platform?.isAscii;
  const nativeDecode = platform?.decodeUtf8;
  const nativeDecodeIfValid = platform?.decodeUtf8IfValid;
  if (typeof nativeValid !== 'function' && typeof nativeDecode !== 'function' && typeof nativeDecodeIfValid !== 'function') {
    return portableUtf8Codec;
  }
  const validateWhole = typeof nativeValid === 'function' ? (bytes: Uint8Array): boolean => nativeValid.call(platform, bytes) : undefined;
  const asciiWhole = typeof nativeAscii === 'function' ? (bytes: Uint8Array): boolean => nativeAscii.call(platform, bytes) : undefined;
  return Object.freeze({
    // Unbound from the platform (see Platform): every received text message goes through it.
    decode: typeof nativeDecodeIfValid === 'function' ? nativeDecodeIfValid : decodeUtf8,
    decodeValid: typeof nativeDecode === 'function'
      ? (bytes: Uint8Array, ascii?: boolean): string => nativeDecode.call(platform, bytes, ascii) : decodeValidUtf8,
    createValidator: () => new Utf8Validator(validateWhole, asciiWhole),
  });
}
