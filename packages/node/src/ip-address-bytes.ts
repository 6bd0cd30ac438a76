import { isIP } from 'node:net';

/**
 * The network-order bytes of an IP literal: 4 for IPv4, 16 for IPv6 (`::` compression and an
 * embedded dotted IPv4 tail accepted; a zone index `%eth0` is dropped). `undefined` when `text`
 * is not an IP literal. Used where an address goes on the wire in binary (SOCKS5, RFC 1928 §5).
 */
export function encodeIpAddress(text: string): Uint8Array | undefined {
  const address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const family = isIP(address);
  if (family === 4) return Uint8Array.from(address.split('.').map(Number));
  if (family === 6) return encodeIpv6(address.replace(/%.*$/, ''));
  return undefined;
}

function encodeIpv6(address: string): Uint8Array {
  const bytes = new Uint8Array(16);
  let text = address;
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) fills the last 4 bytes: rewrite it as 2 groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = 8 - headGroups.length - tailGroups.length;
  const groups = rest === undefined ? headGroups : [...headGroups, ...new Array<string>(zeros).fill('0'), ...tailGroups];
  groups.forEach((group, index) => {
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}
