import type { NetConnectOpts, Socket } from 'node:net';

/** Every socket made with `net.connect`, with its options (does it read into the shared buffer?). */
export const dialled: Array<{ socket: Socket; options: NetConnectOpts }> = [];

/**
 * A `node:net` whose `connect` records into {@link dialled}. Use it from a test file as
 * `vi.mock('node:net', async (importOriginal) => (await import('./support/dial-recorder.js')).recordingNet(importOriginal))`
 * (a `vi.mock` factory runs before the file's imports, so it loads this module itself).
 */
export async function recordingNet(importOriginal: <T>() => Promise<T>): Promise<typeof import('node:net')> {
  const net = await importOriginal<typeof import('node:net')>();
  const connect = ((options: NetConnectOpts): Socket => {
    const socket = net.connect(options);
    dialled.push({ socket, options });
    return socket;
  }) as typeof net.connect;
  return { ...net, connect, default: { ...net, connect } } as typeof import('node:net');
}
