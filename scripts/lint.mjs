// Project rules that a type checker cannot see. Each rule says why it exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|mts|cts|mjs|js)$/.test(name)) yield path;
  }
}

const rules = [
  {
    // Core is sans-I/O and runs in every runtime: the adapters inject what it needs.
    name: 'core imports nothing from node: or the DOM',
    applies: (f) => f.includes('/packages/core/src/'),
    bad: /from\s+['"]node:|require\(|(?<![\w.\-/'"])(window|document|process|Buffer)\./,
  },
  {
    // Core never logs: debug output goes through an injected hook.
    name: 'core never calls console',
    applies: (f) => f.includes('/packages/core/src/'),
    bad: /\bconsole\./,
  },
  {
    // The browser adapter must bundle for every browser: no Node built-ins.
    name: 'browser imports nothing from node:',
    applies: (f) => f.includes('/packages/browser/src/'),
    bad: /from\s+['"]node:/,
  },
  {
    // A focused or skipped test silently shrinks the suite.
    name: 'no focused or skipped tests',
    applies: (f) => /\/(test|e2e)\//.test(f),
    bad: /\b(it|test|describe)\.(only|skip)\(/,
  },
  {
    name: 'no TODO without an issue number',
    applies: (f) => f.includes('/src/'),
    bad: /\bTODO(?!\s*\(#\d+\))/,
  },
];

const maxLines = 400;
let problems = 0;
for (const file of walk(join(root, 'packages'))) {
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  for (const rule of rules) {
    if (!rule.applies(file)) continue;
    text.split('\n').forEach((line, i) => {
      if (rule.bad.test(line) && !/^\s*(\/\/|\*)/.test(line)) {
        console.log(`${rel}:${i + 1}: ${rule.name}: ${line.trim()}`);
        problems++;
      }
    });
  }
  // Small files, one concept each (STYLE.md): split past ~400 lines.
  const lines = text.split('\n').length;
  if (file.includes('/src/') && lines > maxLines) {
    console.log(`${rel}: ${lines} lines; split files past ${maxLines}`);
    problems++;
  }
}
console.log(problems ? `lint: ${problems} problem(s)` : 'lint: ok');
process.exit(problems ? 1 : 0);
