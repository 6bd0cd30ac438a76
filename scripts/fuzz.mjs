// `pnpm fuzz [--seconds N] [--seed S] [--target protocol|http|extensions|all] [--hang-ms M]`
//
// The long, on-demand fuzzer over the TypeScript sources (the same targets `pnpm test` runs for
// a few seconds in packages/core/test/fuzz/). Prints iterations per target, the slowest case and
// every finding with its seed and iteration, so any finding replays exactly. Exit 1 on findings.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TARGETS = ['protocol', 'http', 'extensions', 'all'];

function readArgs(argv) {
  const args = { seconds: 60, seed: Date.now() % 0x7fffffff, target: 'all', hangMs: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--seconds') args.seconds = Number(value);
    else if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--target') args.target = value;
    else if (flag === '--hang-ms') args.hangMs = Number(value);
    else throw new Error(`unknown option ${flag}; usage: pnpm fuzz --seconds N --seed S --target ${TARGETS.join('|')}`);
  }
  if (!(args.seconds > 0)) throw new Error('--seconds must be a positive number');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  if (!TARGETS.includes(args.target)) throw new Error(`--target must be one of ${TARGETS.join(', ')}`);
  return args;
}

let args;
try {
  args = readArgs(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', join(here, 'fuzz/register.mjs'), join(here, 'fuzz/run.mjs')], {
  stdio: 'inherit',
  env: { ...process.env, WEFT_FUZZ_ARGS: JSON.stringify(args) },
});
process.exit(result.status ?? 1);
