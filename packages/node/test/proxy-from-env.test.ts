import { describe, expect, it } from 'vitest';
import { isExcludedByNoProxy, resolveProxyFromEnv } from '../src/proxy-from-env.js';

describe('resolveProxyFromEnv', () => {
  it('uses https_proxy for wss and http_proxy for ws', () => {
    const env = { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' };
    expect(resolveProxyFromEnv(true, 'example.com', 443, env)).toBe('http://s:1');
    expect(resolveProxyFromEnv(false, 'example.com', 80, env)).toBe('http://p:2');
  });

  it('falls back to all_proxy and prefers the lower-case variable', () => {
    expect(resolveProxyFromEnv(true, 'a.test', 443, { ALL_PROXY: 'http://all:3' })).toBe('http://all:3');
    expect(resolveProxyFromEnv(false, 'a.test', 80, { http_proxy: 'http://low:1', HTTP_PROXY: 'http://up:2' })).toBe('http://low:1');
  });

  it('adds http:// to a proxy given without a scheme and ignores empty values', () => {
    expect(resolveProxyFromEnv(false, 'a.test', 80, { http_proxy: 'proxy:3128' })).toBe('http://proxy:3128');
    expect(resolveProxyFromEnv(false, 'a.test', 80, { http_proxy: ' ' })).toBeUndefined();
  });

  it('returns undefined when NO_PROXY excludes the host', () => {
    expect(resolveProxyFromEnv(true, 'api.internal', 443, { HTTPS_PROXY: 'http://s:1', NO_PROXY: '.internal' })).toBeUndefined();
    expect(resolveProxyFromEnv(true, 'api.internal', 443, { HTTPS_PROXY: 'http://s:1', no_proxy: 'other' })).toBe('http://s:1');
  });
});

describe('isExcludedByNoProxy', () => {
  const table: Array<[host: string, port: number, noProxy: string, excluded: boolean]> = [
    ['anything.example', 443, '*', true],
    ['example.com', 443, 'example.com', true],
    ['a.example.com', 443, 'example.com', true],
    ['badexample.com', 443, 'example.com', false],
    ['example.com', 443, '.example.com', true],
    ['a.b.example.com', 443, '.example.com', true],
    ['a.example.com', 443, '*.example.com', true],
    ['example.com', 443, '*.example.com', false],
    ['EXAMPLE.com', 443, 'example.COM', true],
    ['example.com.', 443, 'example.com', true],
    ['example.com', 8080, 'example.com:8080', true],
    ['example.com', 443, 'example.com:8080', false],
    ['127.0.0.1', 80, '127.0.0.1', true],
    ['127.0.0.10', 80, '127.0.0.1', false],
    ['::1', 80, '::1', true],
    ['::1', 80, '[::1]', true],
    ['::1', 9000, '[::1]:9000', true],
    ['::1', 9001, '[::1]:9000', false],
    ['other.test', 80, 'a.test, b.test  other.test', true],
    ['other.test', 80, '', false],
  ];
  it.each(table)('%s:%d with NO_PROXY=%j → excluded %s', (host, port, noProxy, excluded) => {
    expect(isExcludedByNoProxy(host, port, noProxy)).toBe(excluded);
  });
});
