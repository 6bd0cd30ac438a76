import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from '../src/index.js';
import type { ErrorEvent, HandshakeError } from '../src/index.js';
import { ChunkedBodyDecoder, isChunked } from '../src/chunked-body.js';
import { nextEvent, readRequestHead, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

const WIKIPEDIA = '4\r\nWiki\r\n5;note="x"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n';

function decode(parts: readonly string[], maxBytes = 4096): { body: string; done: boolean } {
  const decoder = new ChunkedBodyDecoder(maxBytes);
  for (const part of parts) decoder.push(Buffer.from(part, 'latin1'));
  return { body: Buffer.from(decoder.body).toString('latin1'), done: decoder.done };
}

describe('ChunkedBodyDecoder (RFC 9112 §7.1)', () => {
  it('decodes chunks with extensions and stops at the last chunk, for every split of the input', () => {
    for (let split = 0; split <= WIKIPEDIA.length; split++) {
      expect(decode([WIKIPEDIA.slice(0, split), WIKIPEDIA.slice(split)])).toEqual({ body: 'Wikipedia in\r\n\r\nchunks.', done: true });
    }
    expect(decode([...WIKIPEDIA])).toEqual({ body: 'Wikipedia in\r\n\r\nchunks.', done: true });
  });

  it('keeps at most maxBytes and stops there', () => {
    expect(decode([`14\r\n${'a'.repeat(20)}\r\n`, '3\r\nbbb\r\n0\r\n\r\n'], 10)).toEqual({ body: 'a'.repeat(10), done: true });
  });

  it('waits for more input while the body is incomplete', () => {
    expect(decode(['5\r\nhel'])).toEqual({ body: 'hel', done: false });
  });

  it('stops without throwing on malformed framing, keeping what was decoded', () => {
    expect(decode(['3\r\nabc\r\nzz\r\n3\r\ndef\r\n'])).toEqual({ body: 'abc', done: true });
    expect(decode(['3\r\nabcX\r\n'])).toEqual({ body: 'abc', done: true });
    expect(decode([`${'1'.repeat(2000)}`])).toEqual({ body: '', done: true });
  });

  it('recognises chunked as the last transfer coding only', () => {
    expect(isChunked({ 'transfer-encoding': 'gzip, Chunked' })).toBe(true);
    expect(isChunked({ 'transfer-encoding': 'chunked, gzip' })).toBe(false);
    expect(isChunked({})).toBe(false);
  });
});

/** A server refusing the Upgrade with a chunked body that `writeBody` writes. */
async function refuseWithChunkedBody(writeBody: (socket: Socket) => void): Promise<number> {
  const peer = await startRawServer(async (socket) => {
    await readRequestHead(socket);
    socket.write('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
    writeBody(socket);
  });
  cleanup.push(peer.close);
  return peer.port;
}

async function handshakeError(port: number): Promise<{ error: HandshakeError; elapsedMs: number }> {
  const started = Date.now();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  const error = (await nextEvent<ErrorEvent>(ws, 'error')).error as HandshakeError;
  return { error, elapsedMs: Date.now() - started };
}

describe('a refused handshake with a chunked body', () => {
  it('carries the decoded body, chunks written separately', async () => {
    const port = await refuseWithChunkedBody((socket) => {
      socket.write('a\r\nforbidden:\r\n');
      setTimeout(() => socket.end('9\r\n go away.\r\n0\r\n\r\n'), 20);
    });
    const { error } = await handshakeError(port);
    expect(error.code).toBe('ERR_UNEXPECTED_STATUS');
    expect(error.status).toBe(403);
    expect(Buffer.from(error.body ?? []).toString()).toBe('forbidden: go away.');
  });

  it('keeps the first 4 KiB of a larger chunked body', async () => {
    const chunk = (i: number): string => `3e8\r\n${String(i).repeat(1000)}\r\n`;
    const port = await refuseWithChunkedBody((socket) => {
      for (let i = 0; i < 9; i++) socket.write(chunk(i));
    });
    const { error } = await handshakeError(port);
    const body = Buffer.from(error.body ?? []).toString();
    expect(body).toHaveLength(4096);
    expect(body).toBe(['0', '1', '2', '3'].map((d) => d.repeat(1000)).join('') + '4'.repeat(96));
  });

  it('reports what arrived when the body stalls before its last chunk', async () => {
    const port = await refuseWithChunkedBody((socket) => socket.write('4\r\npart\r\n'));
    const { error, elapsedMs } = await handshakeError(port);
    expect(Buffer.from(error.body ?? []).toString()).toBe('part');
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it('stops at a short deadline when the body trickles without end', async () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const port = await refuseWithChunkedBody((socket) => {
      timer = setInterval(() => socket.write('1\r\nx\r\n'), 50);
      socket.on('close', () => clearInterval(timer));
    });
    cleanup.push(async () => clearInterval(timer));
    const { error, elapsedMs } = await handshakeError(port);
    expect(Buffer.from(error.body ?? []).toString()).toMatch(/^x+$/);
    expect(elapsedMs).toBeLessThan(2_500);
  });
});
