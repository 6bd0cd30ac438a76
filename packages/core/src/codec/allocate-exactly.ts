import { ProtocolError } from '../errors/protocol-error.js';

/**
 * A buffer of exactly `length` bytes from the platform's `allocate`, for received bytes (a frame's
 * payload, a fragmented message's pieces). A length the host cannot allocate is a 1009, not a
 * crash; a buffer of another length (a faulty custom allocator) is refused the same way rather
 * than delivering a message with bytes that were never received, or too few. The buffer may hold
 * garbage: the caller fills all of it before it is delivered.
 */
export function allocateExactly(allocate: (length: number) => Uint8Array, length: number): Uint8Array {
  try {
    const payload = allocate(length);
    if (payload.length !== length) throw new RangeError(`allocate(${length}) returned ${payload.length} bytes`);
    return payload;
  } catch (error) {
    throw new ProtocolError('ERR_FRAME_TOO_BIG', 1009,
      `cannot allocate a buffer of ${length} bytes for received payload`, { cause: error });
  }
}
