// Package checks run in CI after `pnpm build`:
//   1. publint (strict: warnings fail) on every package directory;
//   2. @arethetypeswrong/cli on the tarball `pnpm pack` produces for every package (what
//      `attw --pack` does, but through pnpm so `workspace:` ranges are rewritten as on publish),
//      profile `node16` = node16-CJS, node16-ESM and bundler resolution. The `node10` resolution
//      is left out on purpose: it cannot read `exports`, and Node 10 is out of our `engines`;
//   3. weft's browser builds contain no `node:` import and none of core's frame codec;
//   4. the size budget of the browser entry (scripts/size-budget.mjs).
// No attw rule is ignored. Prints one line per check and a summary; exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBrowserPurity } from './build/browser-purity.mjs';
import { checkSizeBudget } from './size-budget.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const PACKAGES = ['core', 'node', 'browser', 'weft'];
const results = [];

/** Run a command; returns { ok, output } instead of throwing. */
function run(command, args, cwd = ROOT) {
  try {
    const output = execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error) };
  }
}

function record(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!ok && detail) console.log(detail.trim().replace(/^/gm, '     '));
}

const packDir = mkdtempSync(join(tmpdir(), 'weft-pack-'));
try {
  for (const pkg of PACKAGES) {
    const dir = join(ROOT, 'packages', pkg);
    const lint = run(join(BIN, 'publint'), ['--strict', dir]);
    record(`publint ${pkg}`, lint.ok, lint.output);

    const before = new Set(readdirSync(packDir));
    const pack = run('pnpm', ['pack', '--pack-destination', packDir], dir);
    const tarball = readdirSync(packDir).find((f) => !before.has(f) && f.endsWith('.tgz'));
    if (!pack.ok || tarball === undefined) {
      record(`pack ${pkg}`, false, pack.output);
      continue;
    }
    const attw = run(join(BIN, 'attw'), [join(packDir, tarball), '--profile', 'node16', '--format', 'table-flipped']);
    record(`attw ${pkg}`, attw.ok, attw.output);
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

const purity = checkBrowserPurity();
record('browser build has no node: import and no frame codec', purity.length === 0, purity.join('\n'));

const size = checkSizeBudget();
record(size.line, size.ok);

const failed = results.filter((r) => !r.ok).length;
console.log(`check-packages: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
