// The bytes every implementation sends and receives. Built once per process, before any timer
// starts, and identical for every implementation (raw TCP included) so only the client differs.

/** A binary payload of `size` bytes (a fixed, non-constant pattern). */
export function makeBinaryPayload(size) {
  const payload = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) payload[i] = (i * 131 + 7) & 0xff;
  return payload;
}

/** A text payload of `size` ASCII characters, so its UTF-8 length is `size` bytes too. */
export function makeTextPayload(size) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ';
  const unit = alphabet.repeat(Math.ceil(Math.min(size, 4096) / alphabet.length) + 1);
  let text = '';
  while (text.length < size) text += unit;
  return text.slice(0, size);
}

/**
 * `count` distinct JSON messages of about `targetBytes` each, shaped like a market-data feed:
 * repetitive keys and slowly changing numbers, the kind of stream permessage-deflate is for.
 */
export function makeJsonMessages(count, targetBytes) {
  const messages = new Array(count);
  const symbols = ['EURUSD', 'GBPUSD', 'USDJPY', 'AUDUSD', 'USDCHF', 'NZDUSD', 'EURGBP', 'EURJPY'];
  for (let i = 0; i < count; i++) {
    const base = 1 + ((i * 7919) % 1000) / 10000;
    const tick = { type: 'book', seq: i, symbol: symbols[i % symbols.length], ts: 1_700_000_000_000 + i * 13, levels: [] };
    let text = JSON.stringify(tick);
    for (let level = 0; text.length < targetBytes; level++) {
      tick.levels.push({ side: level % 2 ? 'ask' : 'bid', price: +(base + level * 0.00001).toFixed(5), size: 1000 * ((i + level) % 17) });
      text = JSON.stringify(tick);
    }
    messages[i] = text;
  }
  return messages;
}

/** The payload for a throughput workload as bytes (`text` is ASCII, so its bytes are its chars). */
export function makePayloadBytes(type, size) {
  return type === 'text' ? Buffer.from(makeTextPayload(size), 'latin1') : makeBinaryPayload(size);
}
