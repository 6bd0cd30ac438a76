// Builds every package: ESM (`.js`), CJS (`.cjs`), declarations (`.d.ts` + `.d.cts`) and source
// maps; `weft` also gets a self-contained Node build, a browser build and the minified IIFE for
// CDNs (global `Weft`). Configs run in order: core first, since the adapters' declarations are
// emitted against core's built `.d.ts`.
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { copyDeclarations, emitDeclarations } from './scripts/build/declarations.mjs';
import { afterWrite, cleanDir, forbidNodeBuiltins, fromRoot, isNodeBuiltin, workspaceSources } from './scripts/build/plugins.mjs';

// Our sources have no import-time side effects (every package.json says `sideEffects: false`):
// telling rollup lets it drop whole modules, such as core's frame codec from the browser build.
const treeshake = { moduleSideEffects: false, propertyReadSideEffects: false };
const ts = (pkg) =>
  typescript({ tsconfig: fromRoot(`packages/${pkg}/tsconfig.build.json`), declaration: false, declarationMap: false, outDir: fromRoot(`packages/${pkg}/dist`) });
// Every error class sets its `name` as a string literal, so class names may be mangled too. No
// `toplevel`: it would rename the IIFE's global `Weft`. Our code reads no getter for its side
// effects and never calls a function expression or an object's method with `new`, hence
// pure_getters, unsafe_arrows and unsafe_methods (`{ m: function () {} }` → `{ m() {} }`).
const minifyOptions = { ecma: 2020, compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true } };
// The CDN build also shortens the names of methods on interfaces that never cross its boundary:
// what an adapter's connection reports to the client (ConnectionHandlers), what the page-lifecycle
// watch may ask of it (ClientControl), how a runtime judges closes (ClientRuntime), and the
// heartbeat and reconnect planners. Nothing outside the bundle implements or calls them (its only
// runtime exports are connect, the error classes, WebSocket and runtime), so terser renames every
// use together; names users pass or read (options, events, errors, CloseInfo) are not listed.
const internalMethods = ['onOpen', 'onMessage', 'onClose', 'onError', 'onActivity', 'reconnectNow', 'isSuspect', 'describeClose', 'classifyClose', 'recordTraffic', 'nextDeadline', 'probeNow', 'tick', 'recordOpen', 'decide'];
const cdnMinifyOptions = { ...minifyOptions, mangle: { properties: { regex: new RegExp(`^(${internalMethods.join('|')})$`) } } };
const dualOutputs = (dir, name) => [
  { file: `${dir}/${name}.js`, format: 'es', sourcemap: true },
  { file: `${dir}/${name}.cjs`, format: 'cjs', sourcemap: true, exports: 'named' },
];

/** One scoped package: its own code only; `@weft/core` stays an external dependency. */
function packageBuild(pkg) {
  const dir = fromRoot(`packages/${pkg}`);
  const corePaths = { '@weft/core': [fromRoot('packages/core/dist/index.d.ts')] };
  return {
    input: `${dir}/src/index.ts`,
    output: dualOutputs(`${dir}/dist`, 'index'),
    external: (id) => isNodeBuiltin(id) || id === '@weft/core',
    treeshake,
    plugins: [
      cleanDir(`${dir}/dist`),
      ...(pkg === 'browser' ? [forbidNodeBuiltins()] : []),
      ts(pkg),
      afterWrite(() =>
        emitDeclarations({ tsconfig: `${dir}/tsconfig.build.json`, sourceDir: `${dir}/src`, outDir: `${dir}/dist`, paths: pkg === 'core' ? undefined : corePaths }),
      ),
    ],
  };
}

const weft = fromRoot('packages/weft');

/** `weft`'s declarations: its entries plus a private copy of the workspace packages' types. */
function weftDeclarations() {
  const types = `${weft}/dist/types`;
  const aliases = { '@weft/core': `${types}/core/index`, '@weft/node': `${types}/node/index`, '@weft/browser': `${types}/browser/index` };
  for (const pkg of ['core', 'node', 'browser']) copyDeclarations(fromRoot(`packages/${pkg}/dist`), `${types}/${pkg}`, aliases);
  const paths = Object.fromEntries(['core', 'node', 'browser'].map((p) => [`@weft/${p}`, [fromRoot(`packages/${p}/dist/index.d.ts`)]]));
  emitDeclarations({ tsconfig: `${weft}/tsconfig.build.json`, sourceDir: `${weft}/src`, outDir: `${weft}/dist`, paths, aliases });
}

/** `weft`: self-contained, so `npm i weft` installs no runtime dependency. */
const weftBuilds = [
  {
    input: `${weft}/src/node.ts`,
    output: dualOutputs(`${weft}/dist`, 'node'),
    external: isNodeBuiltin,
    treeshake,
    plugins: [cleanDir(`${weft}/dist`), workspaceSources(), ts('weft')],
  },
  {
    input: `${weft}/src/browser.ts`,
    output: dualOutputs(`${weft}/dist`, 'browser'),
    treeshake,
    plugins: [forbidNodeBuiltins(), workspaceSources(), ts('weft')],
  },
  {
    input: `${weft}/src/cdn.ts`,
    output: { file: `${weft}/dist/weft.min.js`, format: 'iife', name: 'Weft', sourcemap: true, plugins: [terser(cdnMinifyOptions)] },
    treeshake,
    plugins: [forbidNodeBuiltins(), workspaceSources(), ts('weft'), afterWrite(weftDeclarations)],
  },
];

export default [packageBuild('core'), packageBuild('node'), packageBuild('browser'), ...weftBuilds];
