// Where Weft's built output lives, and making sure it exists before the bench starts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** @weft/node's ESM build; `WEFT_NODE_ENTRY` points the bench at another build (say, a baseline). */
export const weftNodeEntry = process.env.WEFT_NODE_ENTRY ?? join(repoRoot, 'packages/node/dist/index.js');
/** The browser builds, in order of preference: the CDN IIFE (global `Weft`), then the ESM entry. */
export const weftBrowserCandidates = [
  { kind: 'iife', file: join(repoRoot, 'packages/weft/dist/weft.min.js') },
  { kind: 'esm', file: join(repoRoot, 'packages/browser/dist/index.js') },
];

/**
 * Runs `pnpm build` once when Weft's Node or browser build is missing. Returns a note about what
 * happened (never throws: a failed build means Weft is reported unavailable, not a crash).
 */
export function ensureWeftBuild() {
  const missing = !existsSync(weftNodeEntry) || !weftBrowserCandidates.some((c) => existsSync(c.file));
  if (!missing) return 'build found';
  const result = spawnSync('pnpm', ['build'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  if (result.status === 0) return 'built with `pnpm build`';
  const lines = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const tail = (lines.filter((l) => /error|\[!\]/i.test(l)).slice(0, 2).join(' | ') || lines.slice(-2).join(' | ')).slice(0, 300);
  return `\`pnpm build\` failed (${result.error?.message ?? `exit ${result.status}`}): ${tail}`;
}
