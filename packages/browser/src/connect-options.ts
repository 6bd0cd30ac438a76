import type { ClientOptions } from '@weft/core';

/**
 * Options of the browser `connect()`: exactly the shared {@link ClientOptions}. Differences from
 * Node: heartbeat probes are application messages (`heartbeat.message` / `heartbeat.isPong`),
 * fragmentation uses the chunk envelope, and async iteration cannot pause the native socket, so
 * its buffer is bounded by `iteration.maxMessages` instead.
 */
export type BrowserConnectOptions = ClientOptions;
