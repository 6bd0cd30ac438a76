import type { PartialFrame } from './frame.js';
import { joinPieces, type PayloadAssembly } from './payload-assembly.js';

/**
 * What `FrameDecoder.partialFrame` returns: the header fields of the frame in progress, and its
 * received bytes read from the decoder's assembly only when asked for (`pieces`, `received`).
 *
 * A class, not an object literal with a getter: Node 20's V8 kept such a literal's getter closure
 * (and the payload views it captured) alive through minor GCs until the next full one; why, we
 * did not establish (the literal is in dictionary mode, so not through a map). Built on each read
 * of a big frame, that kept every message of a 1 MiB binary download alive until a full GC, while
 * ws's buffers died young (measured: 20 dropped 1 MiB messages still held after two minor GCs;
 * none after this change). Node 24 does not retain them either way.
 */
export class PartialFrameView implements PartialFrame {
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly opcode: number;
  readonly length: number;
  readonly receivedBytes: number;
  readonly #assembly: PayloadAssembly;

  constructor(fin: boolean, rsv1: boolean, opcode: number, assembly: PayloadAssembly) {
    this.fin = fin;
    this.rsv1 = rsv1;
    this.opcode = opcode;
    this.length = assembly.length;
    this.receivedBytes = assembly.receivedBytes;
    this.#assembly = assembly;
  }

  /** The payload bytes received so far, as views in order (made when read: binary frames never need them). */
  get pieces(): readonly Uint8Array[] {
    return this.#assembly.receivedPieces();
  }

  /** The payload bytes received so far in one buffer (a copy when they span chunks). */
  get received(): Uint8Array {
    const pieces = this.pieces;
    return pieces.length === 1 ? pieces[0] : joinPieces(pieces, this.receivedBytes);
  }
}
