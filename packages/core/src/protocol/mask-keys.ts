/**
 * Where masking keys come from: a source such as `MaskKeySource` (its `nextInto` writes the key
 * straight into the frame, when it has one), or a function returning a fresh key per call.
 */
export type MaskKeys = { next(): Uint8Array; nextInto?(target: Uint8Array, offset: number): void } | (() => Uint8Array);

/** Writes the next masking key (RFC 6455 §5.3: a fresh one per frame) into `target` at `at`. */
export function writeMaskKey(target: Uint8Array, at: number, maskKeys: MaskKeys): void {
  if (typeof maskKeys === 'function') target.set(maskKeys(), at);
  else if (maskKeys.nextInto !== undefined) maskKeys.nextInto(target, at);
  else target.set(maskKeys.next(), at);
}
