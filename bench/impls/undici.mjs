// undici 7's WebSocket (what Node 22+ exposes as the global WebSocket).
import { WebSocket } from 'undici';
import { openWhatwgSocket } from './whatwg-socket.mjs';

/** Opens an undici WebSocket; binary messages arrive as ArrayBuffer. */
export function openConnection(url) {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  return openWhatwgSocket(ws, 'undici');
}
