// The functions that took the most self time in a V8 CPU profile (`node --cpu-prof`):
// `node bench/profile-top.mjs <file.cpuprofile> [count]`.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [file, countArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-top.mjs <file.cpuprofile> [count]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
// Each sample names the node that was on top of the stack; timeDeltas[i] is the time before it.
profile.samples.forEach((id, i) => {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const key = `${functionName || '(anonymous)'}  ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`.trim();
  selfMicros.set(key, (selfMicros.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const top = [...selfMicros.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(countArg ?? 10));
console.log(`${basename(file)}: ${(total / 1000).toFixed(0)} ms sampled`);
for (const [name, micros] of top) console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(1).padStart(7)} ms  ${name}`);
