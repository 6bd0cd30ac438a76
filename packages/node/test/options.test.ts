import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveOptions } from '../src/options.js';
import { ProxyResponseReader } from '../src/proxy-response.js';

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    const o = resolveOptions(undefined);
    expect(o.maxMessageBytes).toBe(64 * 1024 * 1024);
    // Left to the protocol: the message limit, or its deflated worst case for compressed frames.
    expect(o.maxFrameBytes).toBeUndefined();
    expect(o.handshakeTimeoutMs).toBe(30_000);
    expect(o.closeTimeoutMs).toBe(5_000);
    expect(o.maxRedirects).toBe(0);
    expect(o.perMessageDeflate).toBeUndefined();
    expect(o.proxy).toBe(false);
    expect(DEFAULTS.deflateThresholdBytes).toBe(1024);
  });

  it('resolves perMessageDeflate: true to an offer with the 1 KiB threshold', () => {
    expect(resolveOptions({ perMessageDeflate: true }).perMessageDeflate).toEqual({
      clientMaxWindowBits: true, serverMaxWindowBits: undefined, clientNoContextTakeover: false,
      serverNoContextTakeover: false, thresholdBytes: 1024,
    });
  });

  it('throws RangeError for invalid numbers', () => {
    expect(() => resolveOptions({ maxMessageBytes: 0 })).toThrow(RangeError);
    expect(() => resolveOptions({ handshakeTimeoutMs: -1 })).toThrow(RangeError);
    expect(() => resolveOptions({ maxRedirects: 1.5 })).toThrow(RangeError);
    expect(() => resolveOptions({ perMessageDeflate: { serverMaxWindowBits: 7 } })).toThrow(RangeError);
    expect(() => resolveOptions({ perMessageDeflate: { clientMaxWindowBits: 16 } })).toThrow(RangeError);
  });
});

describe('ProxyResponseReader', () => {
  it('accepts HTTP/1.0 and HTTP/1.1 answers split across chunks and returns trailing bytes', () => {
    const reader = new ProxyResponseReader();
    expect(reader.push(Buffer.from('HTTP/1.0 200 Connection est'))).toBeUndefined();
    const response = reader.push(Buffer.from('ablished\r\nVia: p\r\n\r\nXY'));
    expect(response?.status).toBe(200);
    expect(response?.headers['via']).toBe('p');
    expect(Buffer.from(response?.trailing ?? []).toString()).toBe('XY');
  });

  it('rejects a malformed status line and an oversized head', () => {
    expect(() => new ProxyResponseReader().push(Buffer.from('SSH-2.0\r\n\r\n'))).toThrow(expect.objectContaining({ code: 'ERR_PROXY_RESPONSE' }));
    expect(() => new ProxyResponseReader().push(Buffer.alloc(20_000, 0x61))).toThrow(expect.objectContaining({ code: 'ERR_PROXY_RESPONSE' }));
  });
});
