import type { NetConnectOpts, Socket } from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';

/** Every socket made with `net.connect`, with its options (does it read into the shared buffer?). */
export const dialled: Array<{ socket: Socket; options: NetConnectOpts }> = [];

/** The last socket `net.connect` made to `port` (a proxy's, say), with its options. */
export function lastDialTo(port: number): { socket: Socket; options: NetConnectOpts } | undefined {
  for (let i = dialled.length - 1; i >= 0; i--) if ((dialled[i]!.options as { port?: number }).port === port) return dialled[i];
  return undefined;
}

/** Every socket made with `tls.connect`, with its options. */
export const dialledTls: Array<{ socket: TLSSocket; options: ConnectionOptions & { onread?: NetConnectOpts['onread'] } }> = [];

/**
 * A `node:net` whose `connect` records into {@link dialled}. Use it from a test file as
 * `vi.mock('node:net', async (importOriginal) => (await import('./support/dial-recorder.js')).recordingNet(importOriginal))`
 * (a `vi.mock` factory runs before the file's imports, so it loads this module itself).
 */
export async function recordingNet(importOriginal: <T>() => Promise<T>): Promise<typeof import('node:net')> {
  const net = await importOriginal<typeof import('node:net')>();
  // Every form of the call is passed on as it came (a test server may call connect(port, host)).
  const connect = ((...args: Parameters<typeof net.connect>): Socket => {
    const socket = (net.connect as (...a: unknown[]) => Socket)(...args);
    const options = (typeof args[0] === 'object' ? args[0] : { port: Number(args[0]), host: args[1] }) as unknown as NetConnectOpts;
    dialled.push({ socket, options });
    return socket;
  }) as typeof net.connect;
  return { ...net, connect, default: { ...net, connect } } as typeof import('node:net');
}

/** The same for `node:tls`: a `connect` that records into {@link dialledTls} (mock as above). */
export async function recordingTls(importOriginal: <T>() => Promise<T>): Promise<typeof import('node:tls')> {
  const tls = await importOriginal<typeof import('node:tls')>();
  const connect = ((...args: Parameters<typeof tls.connect>): TLSSocket => {
    const socket = (tls.connect as (...a: unknown[]) => TLSSocket)(...args);
    const options = (typeof args[0] === 'object' ? args[0] : { port: Number(args[0]), host: args[1] }) as unknown as ConnectionOptions;
    dialledTls.push({ socket, options });
    return socket;
  }) as typeof tls.connect;
  return { ...tls, connect, default: { ...tls, connect } } as typeof import('node:tls');
}
