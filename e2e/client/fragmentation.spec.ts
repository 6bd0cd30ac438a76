import { createHash, randomBytes } from 'node:crypto';
// The built core, as a server on `ws` would use it to talk to the browser client.
import { ChunkEnvelope, splitMessage } from '../../packages/core/dist/index.js';
import { expect, test } from './support/fixtures.js';
import { waitUntil } from './support/page-client.js';

const MiB = 1024 * 1024;
const sizeBytes = 64 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test.describe('connect() in Chromium: fragmentation with the chunk envelope', () => {
  test('a 5 MiB binary message and a multi-byte text message are split into chunks and reassembled intact by a ws server', async ({ client, startServer }) => {
    const server = await startServer({ reassemble: true });
    await client.connect(server.url, { fragment: { sizeBytes } });
    await client.waitForEvents('opened');

    const binary = await client.sendBig(5 * MiB, 0x5eed);
    const text = await client.sendBigText('žluťoučký kůň 🐎 ', 20_000);
    expect(await client.send('small, after the big ones')).toEqual({ ok: true });
    const record = server.connections[0];
    await waitUntil('three reassembled messages', () => record.messages.length, (n) => n >= 3, 20_000);

    expect(record.chunkErrors).toEqual([]);
    expect(record.messages[0]).toMatchObject({ isText: false, bytes: 5 * MiB, sha256: binary.sha256 });
    expect(record.messages[1]).toMatchObject({ isText: true, bytes: text.bytes, sha256: text.sha256 });
    expect(record.messages[2]).toMatchObject({ isText: true, text: 'small, after the big ones' });
    // Fragmentation really happened: one WebSocket message per 64 KiB chunk.
    const chunks = Math.ceil((5 * MiB) / sizeBytes) + Math.ceil(text.bytes / sizeBytes);
    expect(record.rawBinaryMessages).toBe(chunks);
    expect(record.messages).toHaveLength(3);
    await expect.poll(async () => (await client.snapshot()).bufferedAmount).toBe(0);
  });

  test('chunked binary and text messages from the server are reassembled by the client', async ({ client, startServer }) => {
    const server = await startServer();
    await client.connect(server.url, { fragment: { sizeBytes } });
    await client.waitForEvents('opened');
    const socket = server.connections[0].socket;

    const binary = new Uint8Array(randomBytes(5 * MiB));
    const text = new TextEncoder().encode('ünïcödé chunks ✓ '.repeat(10_000));
    const pieces = [
      ...splitMessage(binary, sizeBytes).map((payload, index, all) => ({ messageId: 1, index, final: index === all.length - 1, isText: false, payload })),
      ...splitMessage(text, 50_000).map((payload, index, all) => ({ messageId: 2, index, final: index === all.length - 1, isText: true, payload })),
    ];
    for (const chunk of pieces) socket.send(ChunkEnvelope.encode(chunk), { binary: true });
    socket.send('plain, after the chunks');

    const messages = await client.waitForEvents('message', 3, 20_000);
    expect(messages.map((m) => m.value)).toEqual([
      { isText: false, bytes: 5 * MiB },
      { isText: true, bytes: text.byteLength },
      { isText: true, bytes: 23, text: 'plain, after the chunks' },
    ]);
    expect(await client.hashReceived(0)).toEqual({ isText: false, bytes: 5 * MiB, sha256: sha256(binary) });
    expect(await client.hashReceived(1)).toEqual({ isText: true, bytes: text.byteLength, sha256: sha256(text) });
    expect(await client.eventsOf('error')).toEqual([]);
    expect((await client.snapshot()).state).toBe('open');
  });
});
