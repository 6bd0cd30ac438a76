// The long fuzz run itself (started by scripts/fuzz.mjs with the TypeScript loader installed).
// Runs each target for its share of the time, prints iterations, the slowest case and every
// finding, writes findings to test-results/fuzz-findings.json, exits 1 when anything was found.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { fuzzTargets } = await import(join(root, 'packages/core/test/fuzz/targets.ts'));
const { runFuzz } = await import(join(root, 'packages/core/test/fuzz/run-fuzz.ts'));

const { seconds, seed, target, hangMs } = JSON.parse(process.env.WEFT_FUZZ_ARGS);
const names = target === 'all' ? Object.keys(fuzzTargets) : [target];
const findings = [];
let total = 0;
console.log(`fuzz: seed ${seed}, ${seconds} s, targets ${names.join(', ')}`);
for (const name of names) {
  const deadline = performance.now() + (seconds * 1000) / names.length;
  const report = runFuzz(fuzzTargets[name], {
    seed, until: () => performance.now() >= deadline, now: () => performance.now(), maxFindings: 50,
  });
  total += report.iterations;
  findings.push(...report.findings);
  // "No hang": a case slower than the bound is a finding of its own.
  if (report.slowestMs > hangMs) {
    findings.push({ target: name, seed, iteration: report.slowestIteration, problems: [`case took ${report.slowestMs.toFixed(0)} ms (bound ${hangMs} ms)`] });
  }
  console.log(`  ${name.padEnd(11)} ${String(report.iterations).padStart(9)} iterations, ${report.findings.length} findings, slowest case ${report.slowestMs.toFixed(1)} ms (#${report.slowestIteration})`);
}
for (const f of findings) {
  console.log(`\nFINDING ${f.target} seed=${f.seed} iteration=${f.iteration}`);
  for (const p of f.problems) console.log(`  - ${p}`);
  if (f.input !== undefined) console.log(`  input: ${JSON.stringify(f.input).slice(0, 2000)}`);
}
if (findings.length > 0) {
  const out = join(root, 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'fuzz-findings.json'), JSON.stringify(findings, null, 2));
  console.log(`\nfindings written to test-results/fuzz-findings.json (add them to packages/core/test/fuzz-corpus/)`);
}
console.log(`\nfuzz: ${total} iterations, ${findings.length} findings`);
process.exit(findings.length > 0 ? 1 : 0);
