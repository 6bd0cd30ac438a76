// Where Weft's built output lives, and making sure it exists before the bench starts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/**
 * Warnings for Weft builds given by path (`WEFT_NODE_ENTRY`, `WEFT_BASE_ENTRY`) that Node would
 * load differently from the repository's: without a package.json declaring `"type": "module"`
 * above it, Node 20 finds out the file is ESM by failing to parse it as CommonJS first, and the
 * same code then ran up to ~30 % faster or slower per cell (measured 2026-12-06: identical builds
 * read 0.74× on upload binary 16 B and 1.39× on download binary 1 KiB against each other). An
 * A/B between two such builds measures the loading, not the change.
 */
export function entryLoadingWarnings() {
  return [['WEFT_NODE_ENTRY', process.env.WEFT_NODE_ENTRY], ['WEFT_BASE_ENTRY', process.env.WEFT_BASE_ENTRY]]
    .filter(([, entry]) => entry !== undefined && nearestPackageType(entry) !== 'module')
    .map(([name, entry]) => `warning: ${name}=${entry} has no package.json with "type": "module" above it; Node loads it unlike the repository's build, which skews an A/B (copy the packages' package.json files too)`);
}

/** The `type` of the package.json nearest above `file`, or undefined when there is none. */
function nearestPackageType(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        return JSON.parse(readFileSync(candidate, 'utf8')).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
