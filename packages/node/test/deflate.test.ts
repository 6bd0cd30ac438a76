import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WebSocket } from '../src/index.js';
import type { CloseEvent, MessageEvent } from '../src/index.js';
import { switchingProtocols } from './support/handshake.js';
import { nextEvent, readRequestHead, startEchoServer, startRawServer } from './support/servers.js';
import { cleanupAfterEach } from './support/cleanup.js';

const cleanup = cleanupAfterEach();

/** A compressed server text frame (RSV1) carrying `deflated` (without the 00 00 ff ff tail). */
function compressedFrame(deflated: Buffer): Buffer {
  const length = deflated.length;
  const header = length < 126 ? Buffer.from([0xc1, length])
    : length < 65536 ? Buffer.from([0xc1, 126, length >> 8, length & 0xff])
      : Buffer.concat([Buffer.from([0xc1, 127, 0, 0, 0, 0]), Buffer.from([length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff])]);
  return Buffer.concat([header, deflated]);
}

describe('permessage-deflate', () => {
  it('negotiates with ws and echoes compressed messages in both directions', async () => {
    const { port, close } = await startEchoServer({ perMessageDeflate: { threshold: 0 } });
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { perMessageDeflate: true });
    await nextEvent(ws, 'open');
    expect(ws.extensions).toContain('permessage-deflate');
    const text = 'compress me '.repeat(1000);
    for (let i = 0; i < 3; i++) {
      ws.send(text);
      expect((await nextEvent<MessageEvent>(ws, 'message')).data).toBe(text);
    }
    const bytes = new Uint8Array(5000).fill(7);
    ws.send(bytes);
    expect(new Uint8Array((await nextEvent<MessageEvent>(ws, 'message')).data as ArrayBuffer)).toEqual(bytes);
    ws.close();
    expect((await nextEvent<CloseEvent>(ws, 'close')).wasClean).toBe(true);
  });

  it('sends an empty message between compressed ones without breaking the server\'s inflater', async () => {
    const { port, close } = await startEchoServer({ perMessageDeflate: { threshold: 0 } });
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, { perMessageDeflate: { thresholdBytes: 0 } });
    await nextEvent(ws, 'open');
    for (const text of ['a', '', 'hello', '', '', 'hello again']) {
      ws.send(text);
      const outcome = await Promise.race([nextEvent<MessageEvent>(ws, 'message'), nextEvent<CloseEvent>(ws, 'close')]);
      expect(outcome.type).toBe('message');
      expect((outcome as MessageEvent).data).toBe(text);
    }
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('works with no context takeover and small windows in both directions', async () => {
    const { port, close } = await startEchoServer({ perMessageDeflate: { threshold: 0 } });
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, undefined, {
      perMessageDeflate: { clientNoContextTakeover: true, serverNoContextTakeover: true, serverMaxWindowBits: 9, clientMaxWindowBits: 8, thresholdBytes: 0 },
    });
    await nextEvent(ws, 'open');
    expect(ws.extensions).toContain('server_no_context_takeover');
    for (const text of ['a', 'abcabcabc'.repeat(500), 'z'.repeat(70_000)]) {
      ws.send(text);
      expect((await nextEvent<MessageEvent>(ws, 'message')).data).toBe(text);
    }
    ws.close();
    await nextEvent(ws, 'close');
  });

  it('does not offer the extension when perMessageDeflate is off (the default)', async () => {
    const { port, close } = await startEchoServer({ perMessageDeflate: true });
    cleanup.push(close);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await nextEvent(ws, 'open');
    expect(ws.extensions).toBe('');
    ws.close();
  });

  it('stops inflating a decompression bomb at maxMessageBytes and closes with 1009', async () => {
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    const payload = bomb.subarray(0, bomb.length - 4);
    let closeFrame: Buffer | undefined;
    const peer = await startRawServer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(switchingProtocols(key, ['Sec-WebSocket-Extensions: permessage-deflate']));
      socket.write(compressedFrame(payload));
      socket.on('data', (chunk: Buffer) => { closeFrame ??= chunk; });
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`, undefined, { perMessageDeflate: true, maxMessageBytes: 1024 * 1024 });
    let messages = 0;
    ws.onmessage = () => { messages++; };
    const closed = await nextEvent<CloseEvent>(ws, 'close');
    expect(messages).toBe(0);
    expect(closed.code).toBe(1009);
    expect(closeFrame?.[0]).toBe(0x88);
  });

  it('receives an incompressible message of exactly maxMessageBytes from a server deflating with a 2^9 window and memLevel 1', async () => {
    // uWebSockets' small compressor: blocks of 128 bytes, each stored one costing 5 bytes (~4 %).
    const message = randomBytes(64 * 1024);
    const deflated = deflateRawSync(message, { windowBits: 9, memLevel: 1, finishFlush: 2 /* Z_SYNC_FLUSH */ });
    const payload = deflated.subarray(0, deflated.length - 4);
    expect(payload.length).toBeGreaterThan(message.length * 1.03);
    const peer = await startRawServer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(switchingProtocols(key, ['Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9']));
      const frame = compressedFrame(payload);
      frame[0] = 0xc2; // FIN, RSV1, binary
      socket.write(frame);
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`, undefined, { perMessageDeflate: true, maxMessageBytes: message.length });
    ws.binaryType = 'nodebuffer';
    const outcome = await Promise.race([nextEvent<MessageEvent>(ws, 'message'), nextEvent<CloseEvent>(ws, 'close')]);
    expect(outcome.type).toBe('message');
    expect((outcome as MessageEvent).data).toEqual(message);
    ws.close();
  });

  it('fails the handshake when the server answers with an invalid parameter', async () => {
    const peer = await startRawServer(async (socket) => {
      const { key } = await readRequestHead(socket);
      socket.write(switchingProtocols(key, ['Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7']));
    });
    cleanup.push(peer.close);
    const ws = new WebSocket(`ws://127.0.0.1:${peer.port}/`, undefined, { perMessageDeflate: true });
    const closing = nextEvent<CloseEvent>(ws, 'close');
    const error = (await nextEvent<Event & { error: { code: string } }>(ws, 'error')).error;
    expect(error.code).toBe('ERR_INVALID_EXTENSIONS');
    expect((await closing).code).toBe(1006);
  });
});
