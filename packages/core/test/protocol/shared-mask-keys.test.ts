import { describe, expect, it } from 'vitest';
import { MaskKeySource } from '../../src/mask/index.js';
import { ClientProtocol } from '../../src/protocol/index.js';
import { counterRandom, parseClientFrames } from './wire.js';

describe('a masking-key source shared by several connections', () => {
  it('gives every frame of every connection a different key, each from the shared pool', () => {
    const shared = new MaskKeySource(counterRandom(), 64);
    const a = new ClientProtocol({ platform: { fillRandom: () => { throw new Error('own pool used'); } }, maskKeys: shared });
    const b = new ClientProtocol({ platform: { fillRandom: () => { throw new Error('own pool used'); } }, maskKeys: shared });
    for (let i = 0; i < 20; i++) {
      a.sendText(`a${i}`);
      b.sendText(`b${i}`);
    }
    const keys = [...parseClientFrames(a.dataToSend()), ...parseClientFrames(b.dataToSend())]
      .map((frame) => Array.from(frame.maskKey ?? []).join(','));
    expect(keys).toHaveLength(40);
    expect(new Set(keys).size).toBe(40);
  });
});
