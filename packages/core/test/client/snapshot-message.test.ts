import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { snapshotMessage } from '../../src/client/outgoing-message.js';
import { startClient } from './setup.js';

describe('snapshotMessage', () => {
  it('does not change when the caller overwrites the Buffer it snapshotted', () => {
    const data = Buffer.from([1, 2, 3]);
    const snapshot = snapshotMessage(data) as Uint8Array;
    data.fill(9);
    expect([...snapshot]).toEqual([1, 2, 3]);
    expect(snapshot.buffer).not.toBe(data.buffer);
  });

  it('keeps a string as it is', () => {
    expect(snapshotMessage('text')).toBe('text');
  });
});

describe('sending a Buffer while disconnected', () => {
  it('sends the bytes the Buffer held when send() was called, though the caller reused it before the connection opened', () => {
    const { factory, socket } = startClient();
    const reused = Buffer.from('first');
    socket.send(reused);
    reused.write('secon');
    socket.send(reused);
    reused.write('third');
    factory.last.acceptOpen();
    expect(factory.last.sent.map((m) => (typeof m === 'string' ? m : Buffer.from(m).toString()))).toEqual(['first', 'secon']);
  });
});
