// Small rollup plugins used by rollup.config.mjs.
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path inside the repository. */
export const fromRoot = (path) => `${ROOT}${path}`;

/** True for a Node builtin, with or without the `node:` scheme. */
export const isNodeBuiltin = (id) => id.startsWith('node:') || builtinModules.includes(id);

/** Delete `dir` once, before the build writes into it. */
export function cleanDir(dir) {
  let done = false;
  return {
    name: 'weft-clean-dir',
    buildStart() {
      if (done) return;
      done = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolve the workspace packages to their TypeScript sources, so `weft` bundles one copy of
 * each (pnpm does not link devDependencies of a package that was never installed).
 */
export function workspaceSources() {
  const sources = {
    '@weft/core': fromRoot('packages/core/src/index.ts'),
    '@weft/node': fromRoot('packages/node/src/index.ts'),
    '@weft/browser': fromRoot('packages/browser/src/index.ts'),
  };
  return {
    name: 'weft-workspace-sources',
    resolveId(id) {
      return sources[id] ?? null;
    },
  };
}

/**
 * Fail the build when anything asks for a Node builtin: the browser build must run where
 * `node:` does not exist, and bundlers would otherwise polyfill or error late.
 */
export function forbidNodeBuiltins() {
  return {
    name: 'weft-forbid-node-builtins',
    resolveId(id, importer) {
      if (isNodeBuiltin(id)) this.error(`browser build imports Node builtin '${id}' (from ${importer})`);
      return null;
    },
  };
}

/** Run `task` once, after every output of this build has been written. */
export function afterWrite(task) {
  return {
    name: 'weft-after-write',
    async closeBundle() {
      await task();
    },
  };
}
