import { describe, expect, it } from 'vitest';
import { parseTarget, withoutCredentials } from '../src/target-url.js';

describe('parseTarget', () => {
  it('maps http and https to ws and wss with default ports', () => {
    const plain = parseTarget('http://example.com/chat?x=1');
    expect(plain.url.protocol).toBe('ws:');
    expect(plain.port).toBe(80);
    expect(plain.hostHeader).toBe('example.com');
    expect(plain.resource).toBe('/chat?x=1');
    const secure = parseTarget('https://example.com');
    expect(secure.secure).toBe(true);
    expect(secure.port).toBe(443);
    expect(secure.resource).toBe('/');
  });

  it('keeps a non-default port in Host and drops a default one', () => {
    expect(parseTarget('ws://example.com:8080/').hostHeader).toBe('example.com:8080');
    expect(parseTarget('wss://example.com:443/').hostHeader).toBe('example.com');
  });

  it('strips IPv6 brackets for dialing but keeps them in Host', () => {
    const t = parseTarget('ws://[::1]:9000/x');
    expect(t.hostname).toBe('::1');
    expect(t.hostHeader).toBe('[::1]:9000');
    expect(t.isIpLiteral).toBe(true);
  });

  it('marks IPv4 literals and host names', () => {
    expect(parseTarget('ws://127.0.0.1/').isIpLiteral).toBe(true);
    expect(parseTarget('ws://localhost/').isIpLiteral).toBe(false);
  });

  it('decodes URL user-info into credentials and can drop them', () => {
    const t = parseTarget('ws://us%40er:p%3Ass@example.com/');
    expect(t.credentials).toEqual({ username: 'us@er', password: 'p:ss' });
    const bare = withoutCredentials(t);
    expect(bare.credentials).toBeUndefined();
    expect(bare.url.href).toBe('ws://example.com/');
  });

  it('throws a SyntaxError DOMException for other schemes, fragments and garbage', () => {
    for (const bad of ['ftp://example.com/', 'ws://example.com/#frag', 'not a url']) {
      expect(() => parseTarget(bad)).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    }
  });

  it('treats ws and http, wss and https as the same origin scheme', () => {
    expect(parseTarget('ws://a.test/').originKey).toBe(parseTarget('http://a.test:80/x').originKey);
    expect(parseTarget('wss://a.test/').originKey).not.toBe(parseTarget('ws://a.test/').originKey);
  });
});
