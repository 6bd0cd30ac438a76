// Size budget of the browser entry (connect with reconnection, heartbeat, queue and chunking):
// the minified CDN build `packages/weft/dist/weft.min.js`, gzipped at level 9, must stay within
// BUDGET_BYTES. Prints the figure; exits 1 over budget. Run after `pnpm build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** 6 KB, read as 6 × 1024 bytes. */
export const BUDGET_BYTES = 6 * 1024;
const FILE = fileURLToPath(new URL('../packages/weft/dist/weft.min.js', import.meta.url));

/** Minified and gzipped sizes of the browser entry, in bytes. */
export function measureBrowserEntry() {
  const source = readFileSync(FILE);
  return { minifiedBytes: source.length, gzippedBytes: gzipSync(source, { level: 9 }).length };
}

/** Format bytes as `5.43 KB (5 561 B)`. */
const formatBytes = (bytes) => `${(bytes / 1024).toFixed(2)} KB (${bytes} B)`;

/** Check the budget; returns `{ ok, line }` with a one-line summary. */
export function checkSizeBudget() {
  const { minifiedBytes, gzippedBytes } = measureBrowserEntry();
  const ok = gzippedBytes <= BUDGET_BYTES;
  const line =
    `size: weft.min.js ${formatBytes(minifiedBytes)} minified, ${formatBytes(gzippedBytes)} min+gzip; ` +
    `budget ${formatBytes(BUDGET_BYTES)} — ${ok ? 'ok' : 'OVER BUDGET'}`;
  return { ok, line };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ok, line } = checkSizeBudget();
  console.log(line);
  process.exitCode = ok ? 0 : 1;
}
