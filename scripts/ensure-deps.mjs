// Makes a fresh clone runnable with nothing but Node and npm: installs the workspace with the
// pinned pnpm when node_modules is missing, and (for the test suites) the system peers the tests
// drive: Debian's Chromium for Playwright and python3-websockets as an interop peer.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The pnpm command: the global one when it is the pinned version, else through npx. */
export function pnpmCommand() {
  try {
    const v = execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (v === pnpmVersion) return ['pnpm'];
  } catch {}
  return ['npx', '-y', `pnpm@${pnpmVersion}`];
}

export function ensureNodeModules() {
  if (existsSync(join(root, 'node_modules', '.modules.yaml')) && existsSync(join(root, 'node_modules', 'vitest'))) return;
  console.log(`[weft] installing the workspace with pnpm ${pnpmVersion} …`);
  const [cmd, ...args] = pnpmCommand();
  run(cmd, [...args, 'install', '--frozen-lockfile']);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function pythonHasWebsockets() {
  return spawnSync('/usr/bin/python3', ['-c', 'import websockets'], { stdio: 'ignore' }).status === 0;
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Debian packages the test suites need; installed with apt-get when we are root. */
export function ensureSystemPeers() {
  const missing = [];
  if (!existsSync(chromiumPath())) missing.push('chromium');
  if (!pythonHasWebsockets()) missing.push('python3-websockets');
  if (!hasCommand('openssl')) missing.push('openssl');
  if (missing.length === 0) return;
  if (!isRoot() || !hasCommand('apt-get')) {
    console.warn(`[weft] missing system packages: ${missing.join(', ')}; install them (Debian: apt-get install ${missing.join(' ')}) or set CHROMIUM_PATH`);
    return;
  }
  console.log(`[weft] apt-get install ${missing.join(' ')} …`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureNodeModules();
  if (process.argv.includes('--system')) ensureSystemPeers();
}
