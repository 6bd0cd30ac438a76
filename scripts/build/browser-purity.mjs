// What the browser build must not contain: a Node builtin import, or core's frame codec (the
// native WebSocket does the framing, so tree-shaking must have dropped it).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](node:[^'"]+)['"]/g;

/** Names declared by core's frame codec (every `export function|class|const` of codec/ but the opcode table). */
export function codecNames() {
  const dir = `${ROOT}packages/core/src/codec/`;
  const names = [];
  for (const file of readdirSync(dir)) {
    if (file === 'index.ts' || file === 'opcode.ts' || !file.endsWith('.ts')) continue;
    for (const match of readFileSync(dir + file, 'utf8').matchAll(/^export (?:class|function|const) (\w+)/gm)) names.push(match[1]);
  }
  return names;
}

/**
 * Problems found in one unminified browser bundle's source text: Node imports, and codec
 * declarations (`class FrameDecoder`, `function encodeFrame`, …).
 */
export function findBrowserBundleProblems(source, names = codecNames()) {
  const problems = [...source.matchAll(NODE_IMPORT)].map((m) => `imports ${m[1]}`);
  for (const name of names) {
    if (new RegExp(`\\b(?:class|function|const|let|var)\\s+${name}\\b`).test(source)) problems.push(`contains core's frame codec (${name})`);
  }
  return problems;
}

/** Check weft's browser builds (ESM, CJS) and the CDN bundle for Node imports. */
export function checkBrowserPurity() {
  const dist = `${ROOT}packages/weft/dist/`;
  const problems = [];
  for (const file of ['browser.js', 'browser.cjs']) {
    for (const p of findBrowserBundleProblems(readFileSync(dist + file, 'utf8'))) problems.push(`${file}: ${p}`);
  }
  for (const p of findBrowserBundleProblems(readFileSync(dist + 'weft.min.js', 'utf8'), [])) problems.push(`weft.min.js: ${p}`);
  return problems;
}
