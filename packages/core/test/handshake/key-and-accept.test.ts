import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAccept, generateKey, WEBSOCKET_GUID } from '../../src/handshake/index.js';
import { encodeBase64 } from '../../src/handshake/base64.js';
import { isValidKey } from '../../src/handshake/generate-key.js';
import { decodeLatin1, encodeLatin1 } from '../../src/handshake/latin1.js';
import { nodePlatform } from './node-platform.js';

describe('generateKey', () => {
  it('encodes 16 bytes from the injected random source as base64', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    const key = generateKey({ fillRandom: (t) => t.set(bytes) });
    expect(key).toBe(Buffer.from(bytes).toString('base64'));
    expect(key).toHaveLength(24);
    expect(isValidKey(key)).toBe(true);
  });

  it('gives a different key for each connection with a real random source', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateKey(nodePlatform)));
    expect(keys.size).toBe(50);
  });
});

describe('computeAccept', () => {
  it('answers the RFC 6455 §1.3 sample nonce with the sample accept value', () => {
    expect(computeAccept('dGhlIHNhbXBsZSBub25jZQ==', nodePlatform)).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('hashes the key as sent followed by the GUID', () => {
    const seen: string[] = [];
    computeAccept('abc', { sha1Base64: (t) => (seen.push(t), '') });
    expect(seen).toEqual([`abc${WEBSOCKET_GUID}`]);
  });
});

describe('isValidKey', () => {
  it.each(['', 'dGhlIHNhbXBsZSBub25jZQ=', 'dGhlIHNhbXBsZSBub25jZR==', 'dGhlIHNhbXBsZSBub25j*Q==', 'dGhlIHNhbXBsZSBub25jZQ=x'])(
    'rejects %j, which is not base64 of 16 bytes',
    (key) => expect(isValidKey(key)).toBe(false),
  );
});

describe('encodeBase64', () => {
  it('agrees with Buffer for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});

describe('latin1', () => {
  it('round-trips every byte value, also past one decode chunk', () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => i % 256);
    const text = decodeLatin1(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('latin1'));
    expect(encodeLatin1(text)).toEqual(bytes);
  });
});
