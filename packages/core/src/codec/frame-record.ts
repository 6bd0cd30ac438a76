import type { Frame } from './frame.js';

const EMPTY = new Uint8Array(0);

/**
 * The one {@link Frame} a `FrameDecoder` returns again and again. A payload lying in a chunk is
 * kept as (chunk, start, end) and only made a view when `payload` is read: a caller that copies
 * the bytes out itself (a binary message from a reused read buffer) never pays for the view.
 * `payload` is an own enumerable accessor, so `{ ...frame }` still copies every field.
 */
export class FrameRecord implements Frame {
  fin = false;
  rsv1 = false;
  rsv2 = false;
  rsv3 = false;
  opcode = 0;
  declare payload: Uint8Array;
  #source: Uint8Array = EMPTY;
  #start = 0;
  #end = 0;
  #view: Uint8Array | undefined = EMPTY;

  /** One accessor pair for every record (no closures per connection). */
  static readonly #payloadAccessor: PropertyDescriptor = {
    enumerable: true,
    get(this: FrameRecord): Uint8Array {
      return (this.#view ??= this.#source.subarray(this.#start, this.#end));
    },
    set(this: FrameRecord, bytes: Uint8Array): void {
      this.#source = bytes;
      this.#start = 0;
      this.#end = bytes.length;
      this.#view = bytes;
    },
  };

  constructor() {
    Object.defineProperty(this, 'payload', FrameRecord.#payloadAccessor);
  }

  /** The payload's length, without making a view. */
  get payloadLength(): number {
    return this.#end - this.#start;
  }

  /** The chunk the payload lies in (see {@link setRange}). */
  get payloadSource(): Uint8Array {
    return this.#source;
  }

  /** Offset of the payload in {@link payloadSource}. */
  get payloadStart(): number {
    return this.#start;
  }

  /** Forgets the payload (and the chunk it lay in), so the record keeps no memory alive. */
  clear(): void {
    this.#source = EMPTY;
    this.#start = 0;
    this.#end = 0;
    this.#view = EMPTY;
  }

  /** The payload is `chunk[start, end)`; no view is made yet. */
  setRange(chunk: Uint8Array, start: number, end: number): void {
    this.#source = chunk;
    this.#start = start;
    this.#end = end;
    this.#view = undefined;
  }
}
