// `pnpm bench`: Weft's Node client against ws (with and without bufferutil), undici's WebSocket
// and raw TCP, each measurement in a fresh process, implementations alternating within every
// repetition; then Weft's browser client against Chromium's native WebSocket. Prints a table and
// writes every sample to .bench-out/latest.json (render it with `node bench/report.mjs`).
// `--tls` runs the Node cells over `wss:` against the same peer behind TLS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runBrowserBench } from './browser/run-browser.mjs';
import { isSelected, parseArgs } from './lib/args.mjs';
import { describeMachine } from './lib/machine.mjs';
import { measure } from './lib/measure.mjs';
import { runMicroBench } from './lib/micro.mjs';
import { startPeer } from './lib/peer-process.mjs';
import { buildPlan, cellPath } from './lib/plan.mjs';
import { renderCell } from './lib/print.mjs';
import { checkTargets } from './lib/targets.mjs';
import { createBenchCertificate } from './lib/tls-certificate.mjs';
import { describeTlsSession } from './lib/tls-session.mjs';
import { ensureWeftBuild, entryLoadingWarnings, repoRoot } from './lib/weft-build.mjs';

const options = parseArgs(process.argv.slice(2));
const outPath = resolve(repoRoot, options.out);
const profileDir = join(repoRoot, '.bench-out/prof');
const startedAt = new Date().toISOString();
const buildNote = ensureWeftBuild();
console.log(`weft: ${buildNote}; ${options.reps} repetition(s), budgets ×${options.scale}${options.quick ? ', quick' : ''}`);
// A build given by path and loaded unlike the repository's skews what it is compared with.
const entryWarnings = entryLoadingWarnings();
for (const warning of entryWarnings) console.warn(warning);

// These reach the adapters through the environment and change what is measured: part of the command.
const switches = ['BENCH_BINARY_TYPE', 'BENCH_ADD_LISTENER'].filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]} `).join('');
const report = { startedAt, command: `${switches}node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(), options, machine: describeMachine(), weftBuild: buildNote, entryWarnings, cells: [], browser: undefined, micro: undefined };
const save = () => {
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, JSON.stringify(report, null, 1));
};

const cells = buildPlan(options).filter((cell) => isSelected(options.only, cell.group, cell.id));
const browserSelected = isSelected(options.only, 'browser') || options.only?.some((id) => id.startsWith('browser-'));
// Chromium would have to be told to trust the peer's certificate; the browser part stays on ws:.
const wantsBrowser = browserSelected && !options.tls;
if (browserSelected && options.tls) console.log('browser: not run with --tls (run it without)');
const certificate = options.tls && cells.length > 0 ? createBenchCertificate() : undefined;
// The certificate's key is removed however the run ends (an error, Ctrl-C).
if (certificate !== undefined) {
  process.once('exit', certificate.remove);
  process.once('SIGINT', () => process.exit(130));
}
// Every client process inherits this and trusts the peer's certificate through it; restored after.
const callerExtraCa = process.env.NODE_EXTRA_CA_CERTS;
if (certificate !== undefined) process.env.NODE_EXTRA_CA_CERTS = certificate.cert;
const scheme = certificate === undefined ? 'ws' : 'wss';
let peer;
try {
  peer = cells.length > 0 || wantsBrowser ? await startPeer(certificate) : undefined;
  if (certificate !== undefined) {
    report.tls = await describeTlsSession(peer.port, certificate.cert);
    console.log(`tls: ${report.tls.protocol}, ${report.tls.cipher}`);
  }
  for (const cell of cells) {
    const impls = cell.impls.filter((impl) => options.impls === undefined || options.impls.includes(impl));
    const entry = { ...cell, impls, samples: Object.fromEntries(impls.map((impl) => [impl, []])) };
    report.cells.push(entry);
    if (cell.workload === 'deflate-download') await peer.prepareDeflate({ count: String(cell.count), size: String(cell.size) });
    const url = `${scheme}://127.0.0.1:${peer.port}${cellPath(cell)}`;
    for (let rep = 0; rep < options.reps; rep++) {
      for (const impl of impls) {
        // BENCH_PROF_FLAGS adds V8 flags to profiled children, e.g. --no-turbo-inlining for exact self times.
        const extraFlags = (process.env.BENCH_PROF_FLAGS ?? '').split(' ').filter(Boolean);
        const nodeArgs = options.cpuProf && impl === (process.env.BENCH_PROF_IMPL ?? 'weft') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${cell.id}-rep${rep}.cpuprofile`, ...extraFlags] : [];
        const spec = { impl, workload: cell.workload, url, size: cell.size, count: cell.count, type: cell.type, warmup: cell.warmup, vary: cell.vary };
        entry.samples[impl].push(await measure(spec, { nodeArgs }));
      }
    }
    console.log(renderCell(entry));
    save();
  }
  if (wantsBrowser) {
    report.browser = await runBrowserBench(options, peer.port);
    for (const cell of report.browser.cells) console.log(renderCell(cell));
    if (report.browser.unavailable) console.log(`\nbrowser: ${report.browser.unavailable}`);
    save();
  }
} finally {
  peer?.stop();
  if (certificate !== undefined) {
    certificate.remove();
    if (callerExtraCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = callerExtraCa;
  }
}
// The micro-benchmarks measure core in-process, with no connection: nothing for --tls to change.
if (isSelected(options.only, 'micro') && options.tls) console.log('micro: not run with --tls (run it without)');
else if (isSelected(options.only, 'micro')) {
  report.micro = runMicroBench();
  save();
}

// The targets are for plain ws: connections; over TLS the table alone is the result.
const targets = options.tls ? [] : checkTargets([...report.cells, ...(report.browser?.cells ?? [])]);
if (options.tls && report.cells.length > 0) console.log('\ntargets of issue 6: not checked with --tls (they are set for ws:)');
report.targets = targets;
report.finishedAt = new Date().toISOString();
save();
if (targets.length > 0) {
  console.log('\ntargets of issue 6:');
  for (const t of targets) console.log(`  ${t.ok ? 'met   ' : 'MISSED'} ${t.target} (${t.detail})`);
}
const minutes = ((Date.parse(report.finishedAt) - Date.parse(startedAt)) / 60000).toFixed(1);
console.log(`\n${minutes} min; samples in ${options.out}; markdown: node bench/report.mjs`);
