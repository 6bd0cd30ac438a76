// Command-line flags of bench/run.mjs.

/** Every group name that --only accepts (cell ids such as download-binary-16B work too). */
export const GROUPS = ['upload', 'download', 'fragmented', 'varied', 'echo', 'connect', 'rss', 'deflate', 'browser', 'micro'];

const USAGE = `usage: node bench/run.mjs [--quick] [--reps N] [--scale X] [--only ${GROUPS.join(',')}|<cell id>,...]
                         [--impls weft,weft-base,weft-connect,ws,ws-no-bufferutil,undici,raw] [--sizes 16B,4KiB,...]
                         [--tls] [--cpu-prof] [--out FILE]`;

/**
 * Parses argv into `{ quick, reps, scale, only, impls, sizes, tls, cpuProf, out }`; exits with
 * usage on a bad flag. `sizes` (message sizes of the throughput cells, in bytes) is undefined
 * unless given; `tls` runs the Node cells over `wss:` (the browser part is then left out).
 */
export function parseArgs(argv) {
  const options = { quick: false, reps: undefined, scale: undefined, only: undefined, impls: undefined, sizes: undefined, tls: false, cpuProf: false, out: '.bench-out/latest.json' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) fail(`${flag} needs a value`);
      return next;
    };
    if (flag === '--quick') options.quick = true;
    else if (flag === '--reps') options.reps = Number(value());
    else if (flag === '--scale') options.scale = Number(value());
    else if (flag === '--only') options.only = value().split(',').filter(Boolean);
    else if (flag === '--impls') options.impls = value().split(',').filter(Boolean);
    else if (flag === '--sizes') options.sizes = value().split(',').filter(Boolean).map(parseSize);
    else if (flag === '--tls') options.tls = true;
    else if (flag === '--cpu-prof') options.cpuProf = true;
    else if (flag === '--out') options.out = value();
    else if (flag === '--help' || flag === '-h') fail(undefined);
    else fail(`unknown flag ${flag}`);
  }
  options.reps ??= options.quick ? 2 : 5;
  // Full runs measure steady state (a cell of small messages lasts ~0.2 s, not ~40 ms of warm-up).
  options.scale ??= options.quick ? 1 : 4;
  if (!Number.isInteger(options.reps) || options.reps < 1) fail('--reps must be a positive integer');
  if (!(options.scale > 0)) fail('--scale must be a positive number');
  return options;
}

/** `16B`, `4KiB`, `1MiB` or a plain byte count, as a positive integer number of bytes. */
function parseSize(text) {
  const match = /^(\d+)\s*(B|KiB|MiB)?$/.exec(text.trim());
  const bytes = match === null ? NaN : Number(match[1]) * { B: 1, KiB: 1024, MiB: 1024 * 1024 }[match[2] ?? 'B'];
  if (!Number.isSafeInteger(bytes) || bytes < 1) fail(`--sizes: cannot read "${text}" (write 16B, 4KiB, 1MiB or bytes)`);
  return bytes;
}

function fail(message) {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(message ? 2 : 0);
}

/** Whether --only selects `name` (a group) or the cell `id`. */
export function isSelected(only, name, id) {
  return only === undefined || only.includes(name) || (id !== undefined && only.includes(id));
}
