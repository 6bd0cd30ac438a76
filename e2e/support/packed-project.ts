import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './paths.js';

/** Build the packages unless `packages/weft/dist` is already there (`pnpm test:e2e` builds first). */
export function ensureBuilt(): void {
  const built = ['node.js', 'node.cjs', 'browser.js', 'weft.min.js'].every((f) => existsSync(join(REPO, 'packages/weft/dist', f)));
  if (!built) execFileSync(join(REPO, 'node_modules/.bin/rollup'), ['-c', 'rollup.config.mjs', '--silent'], { cwd: REPO, stdio: 'inherit' });
}

/**
 * A throw-away project that installed `weft` from the tarball `pnpm pack` made, the way a user
 * would (`npm install ./weft-x.tgz`). The tarball has no dependencies, so this works offline.
 * Returns the project directory.
 */
export function createPackedProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'weft-e2e-'));
  const packs = join(root, 'packs');
  const project = join(root, 'app');
  mkdirSync(packs);
  mkdirSync(project);
  execFileSync('pnpm', ['pack', '--pack-destination', packs], { cwd: join(REPO, 'packages/weft'), stdio: 'pipe' });
  const tarball = readdirSync(packs).find((f) => f.startsWith('weft-') && f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no weft tarball into ${packs}`);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'weft-e2e-app', private: true, version: '0.0.0' }, null, 2));
  execFileSync(
    'npm',
    ['install', join(packs, tarball), '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error'],
    { cwd: project, stdio: 'pipe' },
  );
  return project;
}
