import { allocateZeroed, copyBytes } from '../bytes/index.js';
import type { ProtocolError } from '../errors/protocol-error.js';
import type { Frame, PartialFrame } from './frame.js';
import { checkFrameStart, readPayloadLength } from './frame-header-rules.js';
import { resolveMaxFrameBytes, type FrameLimits } from './frame-limits.js';
import { PartialFrameView } from './partial-frame-view.js';
import { PayloadAssembly } from './payload-assembly.js';
import { SplitHeader } from './split-header.js';
import { WindowCopy } from './window-copy.js';
import { FrameRecord } from './frame-record.js';
import { HeldRest } from './held-rest.js';

const EMPTY = new Uint8Array(0);

type DecoderState = 'header' | 'payload' | 'failed';

/**
 * Incremental RFC 6455 §5.2 frame parser for the client side: bytes from the server go in, whole
 * frames come out. Every rule that the header can decide (reserved opcode, MASK bit, control frame
 * fragmented or over 125 bytes, non-minimal or invalid length, maxFrameBytes) is checked as soon
 * as the header bytes arrive, before any payload byte is buffered.
 *
 * Two ways to use it: `push(chunk)` returns every frame the chunk completes; or `feed(chunk)`
 * queues the chunk and `next()` parses one frame at a time, returning one record that it reuses
 * (no object per frame, and a caller may stop between frames and resume later: the unparsed bytes
 * wait in the decoder). A frame is only returned once every payload byte of it has arrived.
 *
 * A header split across chunks is gathered in a fixed 10-byte buffer ({@link SplitHeader}). A payload that lies wholly
 * in one chunk is returned as a zero-copy `subarray` of that chunk (so the caller must not reuse
 * the chunk's memory while it still holds the frame); otherwise the chunks' views are kept and
 * copied, once the last byte is in, into one buffer of the exact length from `limits.allocate`
 * (whose memory may start as garbage; see {@link PayloadAssembly} for very large frames, filled in
 * place as they arrive). A frame is only returned once every byte of it was written, and
 * `partialFrame()` only shows bytes received, so uninitialised memory is never exposed.
 *
 * With `limits.borrowedInput` (a transport that reuses one read buffer), no view of a chunk is kept
 * past {@link detachInput}: payloads that span chunks are filled in place, and
 * {@link payloadIsBorrowed} marks the returned payloads that are views.
 *
 * Once parsing has thrown, the decoder is failed for good: every later `push`/`next` throws the
 * same ProtocolError again and fed input is dropped (RFC 6455 §7.1.7: after failing the
 * connection, input is discarded). `push` keeps the frames the failing chunk completed before the
 * violation in `framesBeforeFailure`.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private readonly allocate: (length: number) => Uint8Array;
  private readonly borrowedInput: boolean;
  private readonly recycle: ((buffer: Uint8Array) => void) | undefined;
  private readonly windowCopy = new WindowCopy();
  private readonly heldRest = new HeldRest();
  /**
   * With `borrowedInput`, {@link ownPayload} copies a payload into memory of exactly its length
   * (its `buffer` holds nothing else) instead of sharing a window copy. For a caller that hands
   * out each payload's `ArrayBuffer` (WHATWG `binaryType` `'arraybuffer'`): it would otherwise
   * copy the window view once more. Off by default: window views are cheaper as Buffers.
   */
  exactCopies = false;
  /** The assembled payload last returned, recycled at the next `next()` unless claimed. */
  private assembled: Uint8Array | undefined;
  private returnedView = false;
  private state: DecoderState = 'header';
  private error: ProtocolError | undefined;
  private readonly header = new SplitHeader();
  /** The first header byte (FIN, RSV1–3, opcode) of the frame whose payload is arriving. */
  private firstByte = 0;
  private readonly payload = new PayloadAssembly();
  /** The chunk being parsed, from `offset` on, and the chunks fed after it. */
  private chunk: Uint8Array = EMPTY;
  private offset = 0;
  private readonly queued: Uint8Array[] = [];
  private readonly record = new FrameRecord();
  private completedBeforeFailure: readonly Frame[] = [];

  /** `limits.maxFrameBytes` defaults to 64 MiB; throws TypeError when it is not a safe integer ≥ 0. */
  constructor(limits?: FrameLimits) {
    this.maxFrameBytes = resolveMaxFrameBytes(limits);
    const allocate = limits?.allocate;
    if (allocate !== undefined && typeof allocate !== 'function') throw new TypeError('allocate must be a function');
    this.allocate = allocate ?? allocateZeroed;
    this.borrowedInput = limits?.borrowedInput === true;
    const recycle = limits?.recycle;
    if (recycle !== undefined && typeof recycle !== 'function') throw new TypeError('recycle must be a function');
    this.recycle = this.borrowedInput ? recycle : undefined;
  }

  /**
   * Frames completed by `chunk` (and by input fed before it and not yet parsed), in order, each a
   * fresh object. Throws ProtocolError (closeCode 1002, or 1009 past maxFrameBytes) on a wire
   * violation; the decoder then stays failed.
   */
  push(chunk: Uint8Array): Frame[] {
    this.feed(chunk);
    const frames: Frame[] = [];
    try {
      let frame: Frame | undefined;
      while ((frame = this.next()) !== undefined) {
        const { fin, rsv1, rsv2, rsv3, opcode, payload } = frame;
        frames.push({ fin, rsv1, rsv2, rsv3, opcode, payload });
        this.claimPayload();
      }
    } catch (error) {
      this.completedBeforeFailure = frames;
      throw error;
    }
    return frames;
  }

  /** Queue `chunk` for {@link next}; ignored once the decoder has failed. */
  feed(chunk: Uint8Array): void {
    if (this.state === 'failed' || chunk.length === 0) return;
    // `>=`: a used-up chunk whose memory the application detached since (a payload read straight
    // into its own buffer, then transferred) reads as length 0.
    // Behind chunks still queued, if any (a pause can stop at the end of the current one).
    if (this.offset >= this.chunk.length && this.queued.length === 0) {
      this.chunk = chunk;
      this.offset = 0;
    } else {
      this.queued.push(chunk);
    }
  }

  /**
   * The next complete frame of the input fed so far, or undefined when more bytes are needed.
   * The returned record is reused: it is only valid until the next call (its `payload` view may
   * be kept). Throws ProtocolError on a wire violation, after the frames before it were returned.
   */
  next(): Frame | undefined {
    if (this.state === 'failed') throw this.error;
    // The record is overwritten by the frame returned next; if none is, it is cleared below.
    if (this.assembled !== undefined) this.recycleAssembled();
    // One function for the whole loop (no inner call per frame): it runs once per message.
    try {
      for (;;) {
        const chunk = this.chunk;
        const end = chunk.length;
        let offset = this.offset;
        if (offset >= end) {
          const following = this.queued.shift();
          if (following === undefined) {
            this.record.clear();
            return undefined;
          }
          this.chunk = following;
          this.offset = 0;
          continue;
        }
        if (this.state === 'payload') {
          const wanted = this.payload.missing;
          const taken = end - offset < wanted ? end - offset : wanted;
          this.payload.add(chunk.subarray(offset, offset + taken));
          this.offset = offset + taken;
          if (taken < wanted) continue;
          this.state = 'header';
          this.returnedView = this.payload.isSingleView;
          const payload = this.payload.finish(this.allocate);
          if (this.recycle !== undefined && !this.returnedView) this.assembled = payload;
          this.record.payload = payload;
          return this.fillRecord(this.firstByte);
        }
        // state === 'header'
        let length: number;
        let byte0: number;
        if (this.header.filled === 0 && end - offset >= 2) {
          // The header may lie wholly in this chunk: parse it in place.
          byte0 = chunk[offset];
          const byte1 = chunk[offset + 1];
          if (byte1 < 126 && (byte0 & 0x0f) < 3 && byte1 <= this.maxFrameBytes) {
            // A data frame with a 7-bit length and MASK clear (every small message): nothing in
            // its two bytes can break a rule checkFrameStart or readPayloadLength would enforce.
            // Checked inline because a young process runs this unoptimised, call by call.
            length = byte1;
            offset += 2;
          } else {
            const headerBytes = checkFrameStart(byte0, byte1);
            if (end - offset < headerBytes) {
              this.header.keep(chunk, offset, end);
              this.offset = end;
              continue;
            }
            length = readPayloadLength(chunk, offset, this.maxFrameBytes);
            offset += headerBytes;
          }
        } else {
          offset = this.header.gather(chunk, offset);
          this.offset = offset;
          if (this.header.filled !== 0) continue;
          length = readPayloadLength(this.header.bytes, 0, this.maxFrameBytes);
          byte0 = this.header.bytes[0];
        }
        if (end - offset >= length) {
          this.offset = offset + length;
          this.returnedView = true;
          this.record.setRange(chunk, offset, offset + length);
          return this.fillRecord(byte0);
        }
        this.firstByte = byte0;
        this.offset = offset;
        this.payload.start(length, this.allocate, this.borrowedInput);
        this.state = 'payload';
      }
    } catch (error) {
      this.state = 'failed';
      this.error = error as ProtocolError;
      this.discardInput();
      throw error;
    }
  }

  /**
   * Where the next bytes of input belong, when they are payload bytes of the frame in progress
   * that the decoder fills in place (`borrowedInput`, or a frame too big to keep views of) and at
   * least `minBytes` of it are missing: a view of exactly the missing part of the payload's
   * buffer. A transport may read straight into it and feed a view of what it read there (from
   * its start); those bytes are then not copied. Undefined when bytes wait to be parsed, between
   * frames, or once failed. The view is only valid until the next `feed`: the decoder may hand the
   * buffer on as the payload once it is complete.
   */
  payloadReadTarget(minBytes: number): Uint8Array | undefined {
    if (this.state !== 'payload' || this.hasBufferedInput || this.payload.missing < minBytes) return undefined;
    return this.payload.unfilledTarget();
  }

  /** True while fed bytes wait to be parsed by {@link next}. */
  get hasBufferedInput(): boolean {
    return this.offset < this.chunk.length || this.queued.length > 0;
  }

  /**
   * True when the payload of the frame {@link next} returned last is a view of a fed chunk (the
   * frame lay in one chunk); false when the decoder assembled it in a buffer of its own. With
   * `borrowedInput`, a view must be copied before it outlives the caller's use of the chunk.
   */
  get payloadIsBorrowed(): boolean {
    return this.returnedView;
  }

  /**
   * The caller keeps the payload {@link next} returned last (hands it to the application): it
   * is not recycled. Only matters with `recycle`; without it every payload is the caller's.
   */
  claimPayload(): void {
    this.assembled = undefined;
  }

  /**
   * The payload {@link next} returned last, as the caller may keep it for good: when it is a view
   * of borrowed input, a view of a copied window of the chunk ({@link WindowCopy}: one copy for
   * a run of small payloads), or with {@link exactCopies} a copy of its own; otherwise the
   * payload itself, claimed (see {@link claimPayload}).
   */
  ownPayload(): Uint8Array {
    const record = this.record;
    if (!this.borrowedInput || !this.returnedView) {
      this.claimPayload();
      return record.payload;
    }
    const source = record.payloadSource;
    if (this.exactCopies) return copyBytes(new Uint8Array(source.buffer, source.byteOffset + record.payloadStart, record.payloadLength));
    // A view is only ever returned for a frame that lay wholly in the chunk being parsed.
    return this.windowCopy.take(source, record.payloadStart, record.payloadLength, this.allocate);
  }

  /** Length of the payload {@link next} returned last (no view of it is made). */
  get payloadLength(): number {
    return this.record.payloadLength;
  }

  /**
   * Copies the fed bytes not parsed yet, so the caller may reuse the memory of every chunk fed so
   * far (`borrowedInput`: a transport's read buffer). Partial payloads are already in buffers of
   * their own and split headers in the decoder's; usually nothing is left to copy, unless the
   * application paused reading mid-read: then the rest of the read (up to a whole read buffer).
   */
  detachInput(): void {
    this.windowCopy.release();
    const pending = this.offset < this.chunk.length;
    // A chunk used up is let go too: after a read straight into a payload's buffer it is a view
    // of that payload, which the application now holds (and may transfer, detaching the view).
    if (!pending) {
      this.chunk = EMPTY;
      this.offset = 0;
    }
    const held = this.heldRest;
    held.releaseUnless(this.chunk);
    // A rest held before is the decoder's own memory already: it stays where it is.
    if (pending && !held.holds(this.chunk)) {
      this.chunk = held.hold(this.chunk.subarray(this.offset), this.allocate);
      this.offset = 0;
    }
    for (let i = 0; i < this.queued.length; i++) {
      // Memory from `allocate` (Node: not zero-filled), not a new typed array (zero-filled first).
      const copy = this.allocate(this.queued[i].length);
      copy.set(this.queued[i]);
      this.queued[i] = copy;
    }
  }

  /**
   * The caller is done with the frame {@link next} returned last and stops calling `next` for
   * now. The record lets go of its payload, which would otherwise stay reachable (maybe a 16 MiB
   * message the application has long dropped) until `next` runs again: on an idle connection,
   * never. An assembled payload the caller did not claim goes back to `recycle`. `next` does the
   * same itself (the record is overwritten by the next frame, or cleared when there is none).
   */
  releaseFrame(): void {
    this.record.clear();
    if (this.assembled !== undefined) this.recycleAssembled();
  }

  private recycleAssembled(): void {
    if (this.assembled !== undefined) {
      (this.recycle as (buffer: Uint8Array) => void)(this.assembled);
      this.assembled = undefined;
    }
  }

  /** Drop the input fed and not yet parsed (the connection is closed: it is never read). */
  discardInput(): void {
    this.releaseFrame();
    this.chunk = EMPTY;
    this.offset = 0;
    this.queued.length = 0;
  }

  /**
   * The frame whose payload is still arriving, with the bytes received so far; undefined between
   * frames. Lets a protocol act on a partial payload (fail fast on invalid UTF-8, RFC 6455 §8.1)
   * without waiting for the rest. The view is only valid until the next `push`/`next`.
   */
  partialFrame(): PartialFrame | undefined {
    if (this.state !== 'payload') return undefined;
    const byte0 = this.firstByte;
    return new PartialFrameView((byte0 & 0x80) !== 0, (byte0 & 0x40) !== 0, byte0 & 0x0f, this.payload);
  }

  /**
   * The frames that the chunk whose `push` threw had completed before the violation, in order
   * (they are valid and a protocol may still deliver them); empty while the decoder has not failed.
   */
  get framesBeforeFailure(): readonly Frame[] {
    return this.completedBeforeFailure;
  }

  /** Writes the flags of the frame whose first header byte is `byte0` to the record, and returns it. */
  private fillRecord(byte0: number): Frame {
    const record = this.record;
    record.fin = (byte0 & 0x80) !== 0;
    record.rsv1 = (byte0 & 0x40) !== 0;
    record.rsv2 = (byte0 & 0x20) !== 0;
    record.rsv3 = (byte0 & 0x10) !== 0;
    record.opcode = byte0 & 0x0f;
    return record;
  }
}
