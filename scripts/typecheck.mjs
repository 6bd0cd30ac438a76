// Type-checks every package with its own tsconfig; core's forbids node: and DOM types.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let failed = 0;
// weft's browser entries need the DOM lib, its Node entry Node's types: two projects.
const projects = [
  ['core', 'tsconfig.json'], ['node', 'tsconfig.json'], ['browser', 'tsconfig.json'],
  ['weft', 'tsconfig.json'], ['weft', 'tsconfig.browser.json'],
];
for (const [pkg, file] of projects) {
  if (!existsSync(join(root, 'packages', pkg, file))) continue;
  const project = join(root, 'packages', pkg, file);
  const r = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', project, '--noEmit'], { stdio: 'inherit' });
  console.log(`typecheck ${pkg}/${file}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
