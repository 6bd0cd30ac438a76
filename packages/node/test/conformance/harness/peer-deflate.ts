/**
 * RFC 7692 on the test side, on node:zlib: compress what the peer sends and inflate what the
 * client sends. When the client keeps its context, one continuous inflate stream is used, so a
 * client that resets (or corrupts) its window between messages is caught; when
 * `client_no_context_takeover` was agreed, every message gets a fresh inflater, so a client that
 * still refers to the previous message is caught too.
 */
import zlib from 'node:zlib';
import type { DeflateRaw, InflateRaw } from 'node:zlib';

/** RFC 7692 §7.2.1: the four octets stripped from the end of every compressed message. */
export const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** The parameters the peer agreed to in its response. */
export interface DeflateAgreement {
  serverNoContextTakeover?: boolean;
  clientNoContextTakeover?: boolean;
  serverMaxWindowBits?: number;
  clientMaxWindowBits?: number;
}

/** The Sec-WebSocket-Extensions header line for `agreement`. */
export function formatAgreement(agreement: DeflateAgreement): string {
  const parts = ['permessage-deflate'];
  if (agreement.serverNoContextTakeover) parts.push('server_no_context_takeover');
  if (agreement.clientNoContextTakeover) parts.push('client_no_context_takeover');
  if (agreement.serverMaxWindowBits !== undefined) parts.push(`server_max_window_bits=${agreement.serverMaxWindowBits}`);
  if (agreement.clientMaxWindowBits !== undefined) parts.push(`client_max_window_bits=${agreement.clientMaxWindowBits}`);
  return `Sec-WebSocket-Extensions: ${parts.join('; ')}`;
}

function flushStream(stream: DeflateRaw | InflateRaw, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const onData = (chunk: Buffer): void => void out.push(chunk);
    const onError = (error: Error): void => {
      stream.off('data', onData);
      reject(error);
    };
    stream.on('data', onData);
    stream.once('error', onError);
    stream.write(data);
    stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      stream.off('data', onData);
      stream.off('error', onError);
      resolve(Buffer.concat(out));
    });
  });
}

/** Peer-side codec for one connection. */
export class PeerDeflate {
  private deflater: DeflateRaw | undefined;
  private inflater: InflateRaw | undefined;

  constructor(readonly agreement: DeflateAgreement) {}

  /** Server window: zlib cannot deflate with 8 bits and uses 9; tests keep distances < 256 then. */
  private get serverWindowBits(): number {
    return Math.max(9, this.agreement.serverMaxWindowBits ?? 15);
  }

  /** The compressed payload of one message, tail stripped (RFC 7692 §7.2.1). */
  async compress(message: Buffer): Promise<Buffer> {
    let out: Buffer;
    if (this.agreement.serverNoContextTakeover) {
      out = zlib.deflateRawSync(message, { windowBits: this.serverWindowBits, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } else {
      this.deflater ??= zlib.createDeflateRaw({ windowBits: this.serverWindowBits });
      out = await flushStream(this.deflater, message);
    }
    if (out.length >= 4 && out.subarray(out.length - 4).equals(DEFLATE_TAIL)) return out.subarray(0, out.length - 4);
    return out;
  }

  /** Inflates one client message (its frames' payloads joined). Rejects when the client's data is bad. */
  async decompress(payload: Buffer): Promise<Buffer> {
    const data = Buffer.concat([payload, DEFLATE_TAIL]);
    // zlib cannot deflate with an 8-bit window (it silently uses 9), so 9 is the strictest check there.
    const windowBits = Math.max(9, this.agreement.clientMaxWindowBits ?? 15);
    if (this.agreement.clientNoContextTakeover) {
      return zlib.inflateRawSync(data, { windowBits, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    }
    this.inflater ??= zlib.createInflateRaw({ windowBits });
    return flushStream(this.inflater, data);
  }

  /** Releases the zlib streams. */
  dispose(): void {
    this.deflater?.close();
    this.inflater?.close();
  }
}

/**
 * A raw-deflate stream (tail stripped) that inflates to `totalBytes` zeros, built without ever
 * holding the inflated data: one 1 MiB block, sync-flushed (so it is not final and refers only to
 * itself), repeated.
 */
export function buildZeroBomb(totalBytes: number): Buffer {
  const blockBytes = 1 << 20;
  const block = zlib.deflateRawSync(Buffer.alloc(blockBytes), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const copies = Math.ceil(totalBytes / blockBytes);
  const joined = Buffer.concat(new Array<Buffer>(copies).fill(block));
  return joined.subarray(0, joined.length - 4);
}
