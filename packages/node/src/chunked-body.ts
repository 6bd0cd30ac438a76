/** Longest chunk-size line (size, extensions, CRLF) accepted before decoding gives up. */
const MAX_SIZE_LINE_BYTES = 1024;
const CR = 0x0d;
const LF = 0x0a;

type State = 'size' | 'data' | 'data-end' | 'done';

/**
 * Incremental decoder of an HTTP/1.1 chunked body (RFC 9112 §7.1), keeping at most `maxBytes`
 * of decoded data. It only decorates an error report, so it never throws: on the last chunk, on
 * malformed framing or at the cap it stops and {@link done} turns true; what was decoded stays.
 */
export class ChunkedBodyDecoder {
  readonly #maxBytes: number;
  readonly #parts: Uint8Array[] = [];
  #kept = 0;
  #state: State = 'size';
  #sizeLine = '';
  #remaining = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** True once nothing more will be decoded. */
  get done(): boolean {
    return this.#state === 'done';
  }

  /** The decoded bytes so far (at most `maxBytes`). */
  get body(): Uint8Array {
    return Buffer.concat(this.#parts, this.#kept);
  }

  /** Decodes `bytes`; returns {@link done}. */
  push(bytes: Uint8Array): boolean {
    let pos = 0;
    while (pos < bytes.byteLength && this.#state !== 'done') {
      if (this.#state === 'size') pos = this.#readSizeLine(bytes, pos);
      else if (this.#state === 'data') pos = this.#readData(bytes, pos);
      else pos = this.#readDataEnd(bytes, pos);
    }
    return this.done;
  }

  // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; last-chunk = 1*"0" [ chunk-ext ] CRLF
  #readSizeLine(bytes: Uint8Array, start: number): number {
    const lf = bytes.indexOf(LF, start);
    const end = lf < 0 ? bytes.byteLength : lf + 1;
    this.#sizeLine += Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
    if (this.#sizeLine.length > MAX_SIZE_LINE_BYTES) return this.#stop(end);
    if (lf < 0) return end;
    const match = /^([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r\n]*)?\r\n$/.exec(this.#sizeLine);
    this.#sizeLine = '';
    if (match === null) return this.#stop(end);
    this.#remaining = Number.parseInt(match[1], 16);
    // The last chunk ends the body; trailer fields, if any, are not part of it.
    this.#state = this.#remaining === 0 ? 'done' : 'data';
    return end;
  }

  #readData(bytes: Uint8Array, start: number): number {
    const take = Math.min(this.#remaining, bytes.byteLength - start);
    const keep = Math.min(take, this.#maxBytes - this.#kept);
    if (keep > 0) {
      this.#parts.push(bytes.subarray(start, start + keep));
      this.#kept += keep;
    }
    if (this.#kept >= this.#maxBytes) return this.#stop(start + take);
    this.#remaining -= take;
    if (this.#remaining === 0) {
      this.#state = 'data-end';
      this.#remaining = 2;
    }
    return start + take;
  }

  #readDataEnd(bytes: Uint8Array, start: number): number {
    const expected = this.#remaining === 2 ? CR : LF;
    if (bytes[start] !== expected) return this.#stop(start);
    this.#remaining -= 1;
    if (this.#remaining === 0) this.#state = 'size';
    return start + 1;
  }

  #stop(position: number): number {
    this.#state = 'done';
    return position;
  }
}

/** RFC 9112 §6.3: a body is chunked when `chunked` is the last transfer coding. */
export function isChunked(headers: Readonly<Record<string, string>>): boolean {
  const codings = headers['transfer-encoding'];
  if (codings === undefined) return false;
  return codings.split(',').at(-1)?.trim().toLowerCase() === 'chunked';
}
