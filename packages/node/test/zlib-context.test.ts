import { constants, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PerMessageDeflate } from '@weft/core';
import { WebSocket } from '../src/index.js';
import type { CloseEvent, MessageEvent } from '../src/index.js';
import { ZlibContext, zlibContextsWork } from '../src/zlib-context.js';
import { ZlibDeflateCodec } from '../src/zlib-deflate-codec.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { nextEvent, startEchoServer } from './support/servers.js';
import { flushThrough } from '../../core/test/extensions/deflate-fixtures.js';

const cleanup = cleanupAfterEach();
const json = (i: number) => Buffer.from(JSON.stringify({ id: i, kind: 'quote', symbol: 'WEFT', bid: 100 + i, ask: 101 + i, note: 'context takeover '.repeat(20) }));
const SYNC = { finishFlush: constants.Z_SYNC_FLUSH };

afterEach(() => {
  vi.restoreAllMocks();
  ZlibContext.recheck();
});

describe('ZlibContext', () => {
  it('runs on this Node (the once-per-process check passes)', () => {
    expect(zlibContextsWork()).toBe(true);
  });

  it('deflates message after message into one stream that a one-shot inflate reads whole', () => {
    const context = ZlibContext.deflate(15)!;
    const outputs = [0, 1, 2, 3].map((i) => context.process(json(i), Infinity));
    context.close();
    expect(outputs.every((out) => [...out.subarray(-4)].join() === '0,0,255,255')).toBe(true);
    // Later messages refer back into earlier ones: far smaller than the first.
    expect(outputs[3].length).toBeLessThan(outputs[0].length / 3);
    const all = inflateRawSync(Buffer.concat(outputs), SYNC);
    expect(all).toEqual(Buffer.concat([0, 1, 2, 3].map(json)));
  });

  it('inflates message after message from a server context-takeover stream', async () => {
    const server = createDeflateRaw();
    const context = ZlibContext.inflate()!;
    for (let i = 0; i < 20; i++) {
      const message = i === 10 ? Buffer.alloc(200_000, 'z') : json(i);
      expect(Buffer.from(context.process(await flushThrough(server, message), 1 << 20))).toEqual(message);
    }
    server.close();
    context.close();
  });

  it('hands out output the next call does not overwrite', () => {
    const deflater = ZlibContext.deflate(15)!;
    const first = deflater.process(json(1), Infinity);
    const kept = Buffer.from(first);
    const second = deflater.process(Buffer.alloc(5000, 'q'), Infinity);
    expect(Buffer.from(first)).toEqual(kept);
    const inflater = ZlibContext.inflate()!;
    const plain = inflater.process(first, 1 << 20);
    inflater.process(second, 1 << 20);
    expect(Buffer.from(plain)).toEqual(json(1));
    deflater.close();
    inflater.close();
  });

  it('hands out an output of exactly one zlib chunk (16 KiB) that the next call does not overwrite', () => {
    const deflater = ZlibContext.deflate(15)!;
    const inflater = ZlibContext.inflate()!;
    const first = inflater.process(deflater.process(Buffer.alloc(16 * 1024, 'a'), Infinity), 1 << 20);
    inflater.process(deflater.process(Buffer.alloc(16 * 1024, 'b'), Infinity), 1 << 20);
    expect(Buffer.from(first)).toEqual(Buffer.alloc(16 * 1024, 'a'));
    deflater.close();
    inflater.close();
  });

  it('carries the window on after a message that ended with a final block (RFC 7692 §7.2.3.4)', () => {
    const first = json(1);
    const second = json(2);
    const context = ZlibContext.inflate()!;
    const final = Buffer.concat([deflateRawSync(first), Buffer.from([0, 0, 0xff, 0xff])]);
    expect(Buffer.from(context.process(final, 1 << 20))).toEqual(first);
    const referringBack = deflateRawSync(second, { dictionary: first, ...SYNC });
    expect(referringBack.length).toBeLessThan(second.length / 3);
    expect(Buffer.from(context.process(referringBack, 1 << 20))).toEqual(second);
    context.close();
  });

  it('reads zero padding after a final block (the RFC 7692 §7.2.3.4 example) and refuses anything else there, on both routes', () => {
    const example = Uint8Array.from([0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff]);
    const twoStreams = Buffer.concat([deflateRawSync(Buffer.from('first half, ')), deflateRawSync(Buffer.from('second half')), Buffer.from([0, 0, 0xff, 0xff])]);
    const codec = new ZlibDeflateCodec();
    expect(Buffer.from(codec.inflateRaw(example, undefined, 100)).toString()).toBe('Hello');
    expect(Buffer.from(ZlibContext.inflate()!.process(example, 100)).toString()).toBe('Hello');
    expect(() => codec.inflateRaw(twoStreams, undefined, 100)).toThrow(/final DEFLATE block/);
    const context = ZlibContext.inflate()!;
    expect(() => context.process(twoStreams, 100)).toThrow(/final DEFLATE block/);
    expect(() => context.process(example, 100)).toThrow(/closed/);
  });

  it('keeps one error listener on its stream however many messages it codes', () => {
    const stream = createDeflateRaw();
    const context = ZlibContext.openUnchecked(() => stream, false);
    for (let i = 0; i < 20; i++) context.process(json(i), Infinity);
    expect(stream.listenerCount('error')).toBe(1);
    context.close();
  });

  it('closes the native handle itself after a zlib error, when the stream can no longer do it', () => {
    const stream = createInflateRaw() as unknown as { _handle: { close(): void } };
    const handleClose = vi.spyOn(stream._handle, 'close');
    const context = ZlibContext.openUnchecked(() => stream, true);
    expect(() => context.process(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0xff, 0xff), 1024)).toThrow();
    expect(handleClose).toHaveBeenCalledTimes(1);
    context.close();
    expect(handleClose).toHaveBeenCalledTimes(1);
  });

  it('throws a RangeError past maxOutputBytes instead of inflating a bomb, and is closed after', () => {
    const bomb = deflateRawSync(Buffer.alloc(8 * 1024 * 1024), SYNC);
    const context = ZlibContext.inflate()!;
    expect(() => context.process(bomb, 1024)).toThrow(RangeError);
    expect(() => context.process(bomb, 1 << 30)).toThrow(/closed/);
  });

  it('throws on corrupt data without an uncaught error event later', async () => {
    const context = ZlibContext.inflate()!;
    let caught: unknown;
    try { context.process(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0xff, 0xff), 1024); } catch (error) { caught = error; }
    expect(caught).toBeInstanceOf(Error);
    expect(caught).not.toBeInstanceOf(RangeError);
    // The stream emits the same error on a later tick: it must find a listener.
    await new Promise((resolve) => setTimeout(resolve, 10));
    context.close();
  });

  it('frees its native handle on close, once', () => {
    const context = ZlibContext.deflate(15)!;
    context.process(json(1), Infinity);
    context.close();
    context.close();
    expect(() => context.process(json(2), Infinity)).toThrow(/closed/);
  });

  it('is not offered where the Node zlib internals it drives are missing, and core falls back to the dictionary route', () => {
    const base = Object.getPrototypeOf(Object.getPrototypeOf(createDeflateRaw())) as { _processChunk?: unknown };
    const owner = Object.prototype.hasOwnProperty.call(base, '_processChunk') ? base : Object.getPrototypeOf(base);
    const original = owner._processChunk;
    owner._processChunk = undefined;
    try {
      expect(ZlibContext.recheck()).toBe(false);
      const codec = new ZlibDeflateCodec();
      expect(codec.openDeflateContext(15)).toBeUndefined();
      expect(codec.openInflateContext()).toBeUndefined();
      const agreement = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 };
      const sender = new PerMessageDeflate({ codec, agreement, thresholdBytes: 0 });
      const receiver = new PerMessageDeflate({ codec, agreement, thresholdBytes: 0 });
      for (let i = 0; i < 5; i++) expect(Buffer.from(receiver.decodeMessage(sender.encodeMessage(json(i), true)!, 1 << 20))).toEqual(json(i));
    } finally {
      owner._processChunk = original;
    }
  });

  it('is closed when the connection closes', async () => {
    const { port, close } = await startEchoServer({ perMessageDeflate: { threshold: 0 } });
    cleanup.push(close);
    const closeSpy = vi.spyOn(ZlibContext.prototype, 'close');
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { perMessageDeflate: { thresholdBytes: 0 } });
    await nextEvent(ws, 'open');
    for (let i = 0; i < 3; i++) {
      ws.send(json(i).toString());
      expect((await nextEvent<MessageEvent>(ws, 'message')).data).toBe(json(i).toString());
    }
    expect(closeSpy).not.toHaveBeenCalled();
    ws.close();
    expect((await nextEvent<CloseEvent>(ws, 'close')).wasClean).toBe(true);
    expect(closeSpy).toHaveBeenCalledTimes(2);
  });
});
