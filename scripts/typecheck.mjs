// Type-checks every package with its own tsconfig; core's forbids node: and DOM types.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let failed = 0;
for (const pkg of ['core', 'node', 'browser', 'weft']) {
  if (!existsSync(join(root, 'packages', pkg, 'tsconfig.json'))) continue;
  const project = join(root, 'packages', pkg, 'tsconfig.json');
  const r = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', project, '--noEmit'], { stdio: 'inherit' });
  console.log(`typecheck ${pkg}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
