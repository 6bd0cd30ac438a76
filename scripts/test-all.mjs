// The one test command (`npm test` / `pnpm test`): every suite, then one closing line
// `N passed, M failed` over all of them, so a run that executed nothing is visible.
//
// Suites: typecheck and lint (one check each), the build, vitest (unit, property, conformance,
// interop, fuzz; with core coverage), package checks (publint, attw, size budget), Playwright e2e
// in Chromium against the built artefacts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureSystemPeers, chromiumPath } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test-results');
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wants = (suite) => only.length === 0 || only.includes(suite);
const bin = (name) => join(root, 'node_modules', '.bin', name);

const tally = { passed: 0, failed: 0, lines: [] };

function step(name, cmd, args, env = {}) {
  console.log(`\n── ${name} ─────────────────────────────────────────`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function count(name, passed, failed, note = '') {
  tally.passed += passed;
  tally.failed += failed;
  tally.lines.push(`${name.padEnd(14)} ${String(passed).padStart(5)} passed, ${failed} failed${note ? `  (${note})` : ''}`);
}

function check(name, ok) {
  count(name, ok ? 1 : 0, ok ? 0 : 1);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

ensureNodeModules();
ensureSystemPeers();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });


const built = step('build', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
check('build', built);

if (wants('static')) {
  check('typecheck', step('typecheck', 'node', [join(root, 'scripts/typecheck.mjs')]));
  check('lint', step('lint', 'node', [join(root, 'scripts/lint.mjs')]));
}

if (wants('unit')) {
  const report = join(out, 'vitest.json');
  const ok = step('vitest (unit, property, conformance, interop)', bin('vitest'), [
    'run', '--coverage', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ]);
  const json = readJson(report);
  if (json) {
    const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    const failed = json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1);
    count('vitest', json.numPassedTests, failed, skipped ? `${skipped} skipped` : '');
    const cov = readJson(join(root, 'coverage', 'coverage-summary.json'));
    if (cov) tally.lines.push(`core coverage  lines ${cov.total.lines.pct}%`);
  } else {
    count('vitest', 0, 1, 'no report');
  }
}

// A second runtime lane: the same vitest suites on Node 24 (fetched from the npm registry), so a
// change in net/tls/zlib or the global WebSocket of newer Node shows up here first.
if (wants('node24')) {
  const report = join(out, 'vitest-node24.json');
  const probe = spawnSync('npx', ['-y', 'node@24', '--version'], { cwd: root, encoding: 'utf8' });
  if (probe.status !== 0) {
    console.warn('\n[weft] Node 24 could not be fetched (npx -y node@24); the Node 24 lane did not run');
    tally.lines.push('node 24 lane   not run: node@24 unavailable');
  } else {
    const ok = step(`vitest on Node ${probe.stdout.trim()}`, 'npx', [
      '-y', 'node@24', join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`,
    ]);
    const json = readJson(report);
    if (json) count('vitest node24', json.numPassedTests, json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1));
    else count('vitest node24', 0, 1, 'no report');
  }
}

if (wants('packages') && built && existsSync(join(root, 'scripts/check-packages.mjs'))) {
  check('package checks', step('package checks', 'node', [join(root, 'scripts/check-packages.mjs')]));
}

// The README's main job, scripted: a local server, the Node client's story, exit 0.
if (wants('demo') && built) {
  check('demo --once', step('demo --once', 'node', [join(root, 'scripts/demo-entry.mjs'), '--once']));
}

if (wants('e2e') && existsSync(join(root, 'playwright.config.ts'))) {
  const report = join(out, 'playwright.json');
  const ok = step('e2e (Playwright, Chromium)', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    CHROMIUM_PATH: chromiumPath(),
  });
  const json = readJson(report);
  if (json?.stats) {
    const { expected, unexpected, flaky, skipped } = json.stats;
    count('e2e', expected + flaky, unexpected + (ok || unexpected > 0 ? 0 : 1), skipped ? `${skipped} skipped` : '');
  } else {
    count('e2e', 0, 1, 'no report');
  }
}

console.log('\n── summary ─────────────────────────────────────────');
for (const line of tally.lines) console.log(line);
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
