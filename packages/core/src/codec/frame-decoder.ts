import { ProtocolError } from '../errors/protocol-error.js';
import type { Frame, PartialFrame } from './frame.js';
import { checkFrameStart, readPayloadLength } from './frame-header-rules.js';
import { resolveMaxFrameBytes, type FrameLimits } from './frame-limits.js';

/** Longest header of a server frame: 2 bytes + 64-bit extended length (no masking key). */
const MAX_HEADER_BYTES = 10;

const EMPTY = new Uint8Array(0);

type DecoderState = 'header' | 'payload' | 'failed';

/**
 * Incremental RFC 6455 §5.2 frame parser for the client side: bytes from the server go in, whole
 * frames come out. Every rule that the header can decide (reserved opcode, MASK bit, control frame
 * fragmented or over 125 bytes, non-minimal or invalid length, maxFrameBytes) is checked as soon
 * as the header bytes arrive, before any payload byte is buffered.
 *
 * A header split across chunks is gathered in a fixed 10-byte buffer. A payload that lies wholly
 * in one chunk is returned as a zero-copy `subarray` of that chunk (so the caller must not reuse
 * the chunk's memory while it still holds the frame); otherwise one buffer of the exact length is
 * allocated and filled as the chunks arrive.
 *
 * Once `push` has thrown, the decoder is failed for good: every later `push` throws the same
 * ProtocolError again (RFC 6455 §7.1.7: after failing the connection, input is discarded).
 * Frames the failing chunk completed before the violation are kept in `framesBeforeFailure`.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private state: DecoderState = 'header';
  private error: ProtocolError | undefined;
  private readonly header = new Uint8Array(MAX_HEADER_BYTES);
  private headerFilled = 0;
  private fin = false;
  private rsv1 = false;
  private rsv2 = false;
  private rsv3 = false;
  private opcode = 0;
  private payload: Uint8Array = EMPTY;
  private payloadFilled = 0;
  private completedBeforeFailure: readonly Frame[] = [];

  /** `limits.maxFrameBytes` defaults to 64 MiB; throws TypeError when it is not a safe integer ≥ 0. */
  constructor(limits?: FrameLimits) {
    this.maxFrameBytes = resolveMaxFrameBytes(limits);
  }

  /**
   * Frames completed by `chunk`, in order. Throws ProtocolError (closeCode 1002, or 1009 past
   * maxFrameBytes) on a wire violation; the decoder then stays failed.
   */
  push(chunk: Uint8Array): Frame[] {
    if (this.state === 'failed') throw this.error;
    const frames: Frame[] = [];
    try {
      return this.decode(chunk, frames);
    } catch (error) {
      this.state = 'failed';
      this.error = error as ProtocolError;
      this.completedBeforeFailure = frames;
      throw error;
    }
  }

  /**
   * The frame whose payload is still arriving, with the bytes received so far; undefined between
   * frames. Lets a protocol act on a partial payload (fail fast on invalid UTF-8, RFC 6455 §8.1)
   * without waiting for the rest. The view is only valid until the next `push`.
   */
  partialFrame(): PartialFrame | undefined {
    if (this.state !== 'payload') return undefined;
    return {
      fin: this.fin, rsv1: this.rsv1, opcode: this.opcode,
      length: this.payload.length, received: this.payload.subarray(0, this.payloadFilled),
    };
  }

  /**
   * The frames that the chunk whose `push` threw had completed before the violation, in order
   * (they are valid and a protocol may still deliver them); empty while the decoder has not failed.
   */
  get framesBeforeFailure(): readonly Frame[] {
    return this.completedBeforeFailure;
  }

  private decode(chunk: Uint8Array, frames: Frame[]): Frame[] {
    const end = chunk.length;
    let offset = 0;
    for (;;) {
      if (this.state === 'payload') {
        const available = end - offset;
        if (available === 0) return frames;
        const wanted = this.payload.length - this.payloadFilled;
        const taken = available < wanted ? available : wanted;
        this.payload.set(chunk.subarray(offset, offset + taken), this.payloadFilled);
        this.payloadFilled += taken;
        offset += taken;
        if (taken < wanted) return frames;
        frames.push(this.makeFrame(this.payload));
        this.payload = EMPTY;
        this.state = 'header';
        continue;
      }
      // state === 'header'
      let length: number;
      if (this.headerFilled === 0 && end - offset >= 2) {
        // Fast path: the header may lie wholly in this chunk; parse it in place.
        const headerBytes = checkFrameStart(chunk[offset], chunk[offset + 1]);
        if (end - offset < headerBytes) {
          this.header.set(chunk.subarray(offset, end));
          this.headerFilled = end - offset;
          return frames;
        }
        length = readPayloadLength(chunk, offset, this.maxFrameBytes);
        this.readFlags(chunk[offset]);
        offset += headerBytes;
      } else {
        if (offset === end) return frames;
        offset = this.gatherHeader(chunk, offset);
        if (this.headerFilled !== 0) return frames;
        length = readPayloadLength(this.header, 0, this.maxFrameBytes);
        this.readFlags(this.header[0]);
      }
      if (end - offset >= length) {
        frames.push(this.makeFrame(chunk.subarray(offset, offset + length)));
        offset += length;
        continue;
      }
      this.payload = allocatePayload(length);
      this.payloadFilled = 0;
      this.state = 'payload';
    }
  }

  /**
   * Copies header bytes into the fixed buffer, checking the first two as soon as both are here.
   * Returns the new offset; `headerFilled` is reset to 0 once the header is complete.
   */
  private gatherHeader(chunk: Uint8Array, offset: number): number {
    const header = this.header;
    let filled = this.headerFilled;
    if (filled < 2) {
      const taken = Math.min(2 - filled, chunk.length - offset);
      header.set(chunk.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled < 2) {
        this.headerFilled = filled;
        return offset;
      }
    }
    const headerBytes = checkFrameStart(header[0], header[1]);
    const taken = Math.min(headerBytes - filled, chunk.length - offset);
    header.set(chunk.subarray(offset, offset + taken), filled);
    filled += taken;
    this.headerFilled = filled === headerBytes ? 0 : filled;
    return offset + taken;
  }

  private readFlags(byte0: number): void {
    this.fin = (byte0 & 0x80) !== 0;
    this.rsv1 = (byte0 & 0x40) !== 0;
    this.rsv2 = (byte0 & 0x20) !== 0;
    this.rsv3 = (byte0 & 0x10) !== 0;
    this.opcode = byte0 & 0x0f;
  }

  private makeFrame(payload: Uint8Array): Frame {
    return { fin: this.fin, rsv1: this.rsv1, rsv2: this.rsv2, rsv3: this.rsv3, opcode: this.opcode, payload };
  }
}

/** One buffer of the exact payload length; a length the host cannot allocate is a 1009, not a crash. */
function allocatePayload(length: number): Uint8Array {
  try {
    return new Uint8Array(length);
  } catch (error) {
    throw new ProtocolError('ERR_FRAME_TOO_BIG', 1009,
      `frame payload is ${length} bytes, more than this host can allocate`, { cause: error });
  }
}
