// Micro-benchmarks of @weft/core's hot paths: frame decoding and masking.
//
//   node bench/micro/core.mjs
//
// Runs against the built package (packages/core/dist, made by `pnpm build`). To measure another
// build, set WEFT_CORE_ENTRY to the path of a module exporting FrameDecoder, encodeFrame and
// applyMask (and isValidUtf8). Prints MB/s (10^6 bytes of payload per second).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const defaultEntry = fileURLToPath(new URL('../../packages/core/dist/index.js', import.meta.url));
const entry = process.env.WEFT_CORE_ENTRY ? resolve(process.env.WEFT_CORE_ENTRY) : defaultEntry;
if (!existsSync(entry)) {
  console.error(`bench/micro/core.mjs: ${entry} does not exist.`);
  console.error('Build it first with `pnpm build`, or set WEFT_CORE_ENTRY to a compiled core entry.');
  process.exit(1);
}
const { FrameDecoder, encodeFrame, applyMask, isValidUtf8 } = await import(pathToFileURL(entry).href);

const SIZES = [['16 B', 16], ['1 KiB', 1024], ['64 KiB', 64 * 1024], ['1 MiB', 1024 * 1024]];
const CHUNK_BYTES = 64 * 1024;
const STREAM_PAYLOAD_BYTES = 16 * 1024 * 1024;
const MIN_MS = 400;

/** Runs `body` (which processes `bytes` bytes) repeatedly for at least MIN_MS; returns MB/s. */
function measure(bytes, body) {
  for (let i = 0; i < 3; i++) body(); // warm up the JIT
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < MIN_MS) {
    body();
    runs++;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (bytes * runs) / (elapsedMs / 1000) / 1e6;
}

/** A stream of binary frames of `size` bytes (at least one), cut into 64 KiB chunks. */
function buildChunks(size) {
  const count = Math.max(1, Math.floor(STREAM_PAYLOAD_BYTES / size));
  const payload = new Uint8Array(size).fill(0x61);
  const [header] = encodeFrame(2, payload, {});
  const frameBytes = header.length + size;
  const stream = new Uint8Array(frameBytes * count);
  for (let i = 0; i < count; i++) {
    stream.set(header, i * frameBytes);
    stream.set(payload, i * frameBytes + header.length);
  }
  const chunks = [];
  for (let at = 0; at < stream.length; at += CHUNK_BYTES) chunks.push(stream.subarray(at, at + CHUNK_BYTES));
  return { chunks, count, payloadBytes: count * size };
}

function benchDecode(size) {
  const { chunks, count, payloadBytes } = buildChunks(size);
  return measure(payloadBytes, () => {
    const decoder = new FrameDecoder();
    let frames = 0;
    for (const chunk of chunks) frames += decoder.push(chunk).length;
    if (frames !== count) throw new Error(`decoded ${frames} frames, expected ${count}`);
  });
}

function naiveXor(source, key, target) {
  for (let i = 0; i < source.length; i++) target[i] = source[i] ^ key[i & 3];
}

function benchMask(size, mask) {
  const repeat = Math.max(1, Math.floor((4 * 1024 * 1024) / size));
  const source = new Uint8Array(size).fill(0x61);
  const target = new Uint8Array(size);
  const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
  return measure(size * repeat, () => {
    for (let i = 0; i < repeat; i++) mask(source, key, target);
  });
}

const fmt = (mbps) => mbps.toFixed(0).padStart(9);
console.log(`@weft/core micro-benchmarks (${entry})`);
console.log(`node ${process.version}; frames delivered in ${CHUNK_BYTES / 1024} KiB chunks; MB/s of payload\n`);
console.log('frame size   decode MB/s   applyMask MB/s   naive XOR MB/s   mask speed-up');
for (const [label, size] of SIZES) {
  const decode = benchDecode(size);
  const fast = benchMask(size, applyMask);
  const naive = benchMask(size, naiveXor);
  console.log(`${label.padEnd(10)} ${fmt(decode)}     ${fmt(fast)}        ${fmt(naive)}        ${(fast / naive).toFixed(1).padStart(5)}x`);
}

// UTF-8 validation of 1 MiB of text, against the platform's fatal TextDecoder (which also decodes).
const fatal = new TextDecoder('utf-8', { fatal: true });
const texts = [
  ['ASCII', 'a'.repeat(1024 * 1024)],
  ['mixed', 'h\u00e9llo w\u00f6rld \u2014 \u03ba\u1f79\u03c3\u03bc\u03b5 \u{1f600} '.repeat(32 * 1024)],
];
console.log('\ntext (1 MiB)   isValidUtf8 MB/s   TextDecoder fatal MB/s');
for (const [label, text] of texts) {
  const bytes = new TextEncoder().encode(text);
  const validate = measure(bytes.length, () => {
    if (!isValidUtf8(bytes)) throw new Error('valid text reported invalid');
  });
  const decode = measure(bytes.length, () => fatal.decode(bytes));
  console.log(`${label.padEnd(14)} ${fmt(validate)}          ${fmt(decode)}`);
}
