import { Buffer, isUtf8 } from 'node:buffer';
import { createHash, randomFillSync } from 'node:crypto';
import type { Platform } from '@weft/core';
import { allocateFrameBuffer } from './frame-buffer-pool.js';

/**
 * Core's injected primitives on Node: `crypto.randomFillSync` and SHA-1 from `node:crypto`, and
 * the optional accelerators: `Buffer.allocUnsafe` for payload buffers that core fills completely
 * before delivering them, `isUtf8` of `node:buffer` (SIMD) to validate UTF-8, and `Buffer#toString`
 * to decode text that core has already validated; and `allocateFrame` for outgoing masked frames,
 * whose big buffers are recycled once `SocketTransport` has written them.
 */
export const nodePlatform: Platform & { allocateFrame(length: number): Uint8Array } = Object.freeze({
  fillRandom(target: Uint8Array): void {
    randomFillSync(target);
  },
  sha1Base64(text: string): string {
    return createHash('sha1').update(text, 'latin1').digest('base64');
  },
  allocate(length: number): Uint8Array {
    // Never exposed uninitialised: core overwrites every byte before the payload leaves it.
    return Buffer.allocUnsafe(length);
  },
  allocateFrame(length: number): Uint8Array {
    // Core writes header, key and every masked payload byte over it before the frame leaves.
    return allocateFrameBuffer(length);
  },
  isValidUtf8(bytes: Uint8Array): boolean {
    return isUtf8(bytes);
  },
  decodeUtf8(bytes: Uint8Array): string {
    // toString() without arguments is Buffer's direct UTF-8 path (no encoding lookup).
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return buffer.toString();
  },
});
