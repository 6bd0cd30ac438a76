// Type-checks every package with its own tsconfig (core's forbids node: and DOM types), then the
// tests: packages/{core,node}/test without the DOM lib, packages/browser/test and e2e with it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let failed = 0;
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
