/**
 * RFC 7692 §7.2.2: a message's payload, with `00 00 ff ff` appended, is decompressed as DEFLATE
 * data. A message may end with a final block (§7.2.3.4), after which zlib reads no further; the
 * RFC's own example of one is followed by a zero byte. Anything else after it would be data zlib
 * never saw (a sender that deflated each fragment on its own, say), lost without a word and
 * missing from our window though the sender's may hold it: refused instead (`PerMessageDeflate`
 * maps the throw to 1007). A codec calls it with how many bytes of `data` its inflate read; the
 * last four are the marker `PerMessageDeflate` appended.
 */
export function checkAfterFinalBlock(data: Uint8Array, consumed: number): void {
  for (let i = consumed; i < data.length - 4; i++) {
    if (data[i] !== 0) throw new Error('data follows the final DEFLATE block of a message');
  }
}
