/** Caller-misuse checks shared by both mask functions; throws TypeError. */
export function checkMaskArguments(source: Uint8Array, maskKey: Uint8Array, target: Uint8Array, keyOffset: number): void {
  if (!(maskKey instanceof Uint8Array) || maskKey.length !== 4) {
    throw new TypeError(`maskKey must be a Uint8Array of 4 bytes; got ${describe(maskKey)}`);
  }
  if (!(source instanceof Uint8Array) || !(target instanceof Uint8Array)) {
    throw new TypeError(`source and target must be Uint8Arrays; got ${describe(source)} and ${describe(target)}`);
  }
  if (target.length < source.length) {
    throw new TypeError(`target holds ${target.length} bytes but source has ${source.length}`);
  }
  if (!Number.isSafeInteger(keyOffset) || keyOffset < 0) {
    throw new TypeError(`keyOffset must be a non-negative integer; got ${String(keyOffset)}`);
  }
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return value === null ? 'null' : typeof value;
}
