// Type-checks every package with its own tsconfig (core's forbids node: and DOM types), then the
// tests: packages/{core,node}/test without the DOM lib, packages/browser/test and e2e with it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let failed = 0;
// The e2e helpers import the built core (as a server on `ws` would); build it first on a clean clone.
if (!existsSync(join(root, 'packages/core/dist/index.d.ts'))) {
  console.log('typecheck: packages/core/dist is missing; building first');
  const built = spawnSync(join(root, 'node_modules/.bin/rollup'), ['-c', 'rollup.config.mjs', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
// weft's browser entries need the DOM lib, its Node entry Node's types: two projects.
const projects = [
  'packages/core/tsconfig.json', 'packages/node/tsconfig.json', 'packages/browser/tsconfig.json',
  'packages/weft/tsconfig.json', 'packages/weft/tsconfig.browser.json',
  'tsconfig.test.json', 'tsconfig.test.browser.json',
];
for (const file of projects) {
  const project = join(root, file);
  if (!existsSync(project)) continue;
  const r = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', project, '--noEmit'], { stdio: 'inherit' });
  console.log(`typecheck ${file}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
