// What `pnpm bench` measures: one cell per workload × message type × size, each run for every
// implementation in every repetition. Budgets are fixed message counts (× --scale, 4 for a full
// run, 1 with --quick), sized so that a full run takes ~30 minutes on 2 cores and --quick ~4.

/**
 * Every Node implementation, in the order they alternate within a repetition. With
 * `WEFT_BASE_ENTRY=/path/to/node/dist/index.js`, `weft-base` (that other Weft build) runs right
 * after `weft`: an A/B of a change measured in one run, pair by pair.
 */
export const IMPLEMENTATIONS = ['weft', ...(process.env.WEFT_BASE_ENTRY ? ['weft-base'] : []), 'weft-connect', 'ws', 'ws-no-bufferutil', 'undici', 'raw'];
/** Human names for the tables. */
export const IMPLEMENTATION_LABELS = {
  weft: 'weft',
  'weft-base': 'weft (base)',
  'weft-connect': 'weft connect()',
  ws: 'ws+bufferutil',
  'ws-no-bufferutil': 'ws (no bufferutil)',
  undici: 'undici',
  raw: 'raw TCP',
};

const KiB = 1024;
const MiB = 1024 * KiB;
/** Message sizes of the throughput workloads. */
export const SIZES = [16, KiB, 64 * KiB, MiB, 16 * MiB];

/**
 * Messages a throughput cell times (after its warm-up). Downloads, and uploads of 64 KiB and
 * more, time 4× the messages of small uploads: every client receives far faster than it sends
 * small messages (ws sends 16 B messages at ~135 k/s and receives them at ~3 M/s), so equal
 * counts would leave the fast cells lasting 50–100 ms, while 4× the small-upload counts would keep
 * the slow senders busy for minutes.
 */
function throughputCount(workload, size, quick, scale) {
  const factor = (scale * (workload === 'download' || size >= 64 * KiB ? 4 : 1)) / (quick ? 4 : 1);
  if (size <= 16) return Math.round(100_000 * factor);
  if (size <= KiB) return Math.round(((16 * MiB) / size) * factor);
  return Math.max(2, Math.round(((32 * MiB) / size) * factor));
}

/**
 * Messages a throughput cell sends or receives before its clock starts, so that the clock
 * measures the steady rate; their own rate is the cold figure. Not scaled. One rule for both
 * directions, from rate marks of fresh processes (docs/BENCHMARKS.md, "Warm-up and the cold
 * figure"):
 * - up to 1 KiB, 32 768 messages: a fresh process runs its send or receive path unoptimised
 *   for its first ~5 000–15 000 messages; 1 KiB rates are flat by ~16 000, 16 B rates by
 *   ~25 000–70 000 (the rest is diluted by 1.6 M timed messages);
 * - above, 256 MiB of payload (at least one message): a fresh process also grows its heap and
 *   the loopback connection its window (over 512 MiB of 1 MiB downloads every client averaged
 *   1.8–2.3× its rate over the first 128 MiB; 1 MiB uploads level off after 128–192 MiB), and
 *   Weft's send path for 64 KiB messages is optimised by its ~4 000th message (256 MiB).
 */
function throughputWarmup(size) {
  return size <= KiB ? 32_768 : Math.max(1, Math.round((256 * MiB) / size));
}

/** Formats a byte size the way the tables name cells: 16 B, 1 KiB, 64 MiB. */
export function formatSize(bytes) {
  if (bytes >= MiB) return `${bytes / MiB} MiB`;
  if (bytes >= KiB) return `${bytes / KiB} KiB`;
  return `${bytes} B`;
}

/** The fragmented downloads: small messages in a few fragments, and one big one. */
const FRAGMENTED_DOWNLOADS = [
  { type: 'binary', size: 16, fragments: 2 },
  { type: 'text', size: KiB, fragments: 4 },
  { type: 'binary', size: KiB, fragments: 4 },
  { type: 'binary', size: 64 * KiB, fragments: 4 },
];

/**
 * Uploads whose message lengths vary (documents, file chunks), spread evenly between two bounds
 * (see `variedLengths` in workloads/upload.mjs); `size` is their mean. A sender pooling its frame
 * buffers by exact length reuses nothing here. Not among the workloads: shown, not
 * checked; no raw TCP, whose writes would be those of the fixed-size cells.
 */
const VARIED_UPLOADS = [
  { type: 'binary', min: 16 * KiB, max: 64 * KiB },
  { type: 'text', min: 16 * KiB, max: 64 * KiB },
  { type: 'binary', min: 64 * KiB, max: 256 * KiB },
  { type: 'text', min: 64 * KiB, max: 256 * KiB },
  { type: 'binary', min: 256 * KiB, max: 4 * MiB },
  { type: 'text', min: 256 * KiB, max: 4 * MiB },
];

/** `count` rounded up to an even number: varied lengths come in pairs whose mean is the cell's size. */
const even = (count) => count + (count % 2);

/**
 * Builds the list of cells. Each has `id`, `workload` (what client.mjs runs), `group` (what
 * --only matches), the parameters, the implementations, the primary `metric` and whether
 * higher or lower is `better`.
 */
export function buildPlan({ quick, scale = 1, sizes = SIZES }) {
  const cells = [];
  for (const workload of ['upload', 'download']) {
    for (const type of ['text', 'binary']) {
      for (const size of sizes) {
        cells.push({
          id: `${workload}-${type}-${formatSize(size).replace(' ', '')}`,
          label: `${workload} ${type} ${formatSize(size)}`,
          group: workload,
          workload,
          type,
          size,
          count: throughputCount(workload, size, quick, scale),
          warmup: throughputWarmup(size),
          impls: IMPLEMENTATIONS,
          metric: 'msgPerSec',
          better: 'higher',
        });
      }
    }
  }
  // Messages a server sends in fragments (§5.4), received the same way as the download cells.
  // Not among the workloads, so no target is checked on them; raw TCP has no frames.
  for (const { type, size, fragments } of FRAGMENTED_DOWNLOADS) {
    cells.push({
      id: `fragmented-${type}-${formatSize(size).replace(' ', '')}-x${fragments}`,
      label: `download ${type} ${formatSize(size)} in ${fragments} fragments`,
      group: 'fragmented',
      workload: 'download',
      type,
      size,
      fragments,
      count: throughputCount('download', size, quick, scale),
      warmup: throughputWarmup(size),
      impls: IMPLEMENTATIONS.filter((impl) => impl !== 'raw'),
      metric: 'msgPerSec',
      better: 'higher',
    });
  }
  for (const { type, min, max } of VARIED_UPLOADS) {
    const size = (min + max) / 2;
    cells.push({
      id: `varied-upload-${type}-${formatSize(min).replace(' ', '')}-${formatSize(max).replace(' ', '')}`,
      label: `upload ${type} ${formatSize(min)}–${formatSize(max)}, lengths varying`,
      group: 'varied',
      workload: 'upload',
      type,
      size,
      vary: [min, max],
      count: even(throughputCount('upload', size, quick, scale)),
      warmup: even(throughputWarmup(size)),
      impls: IMPLEMENTATIONS.filter((impl) => impl !== 'raw'),
      metric: 'msgPerSec',
      better: 'higher',
    });
  }
  cells.push({ id: 'echo-32B', label: 'echo 32 B p50', group: 'echo', workload: 'echo', size: 32, count: Math.round((quick ? 3000 : 10_000) * scale), warmup: quick ? 500 : 1000, impls: IMPLEMENTATIONS, metric: 'p50Us', better: 'lower' });
  cells.push({ id: 'connect', label: 'connect + close', group: 'connect', workload: 'connect', count: Math.round((quick ? 100 : 300) * scale), impls: IMPLEMENTATIONS, metric: 'connPerSec', better: 'higher' });
  cells.push({ id: 'rss-64MiB', label: 'peak RSS, one 64 MiB message', group: 'rss', workload: 'rss', type: 'binary', size: 64 * MiB, count: 1, impls: IMPLEMENTATIONS, metric: 'aboveBytes', better: 'lower' });
  // No raw TCP and no ws without bufferutil: both would measure what the other cells do.
  const deflateImpls = IMPLEMENTATIONS.filter((impl) => impl !== 'raw' && impl !== 'ws-no-bufferutil');
  for (const direction of ['download', 'upload']) {
    cells.push({ id: `deflate-${direction}`, label: `deflate ${direction} JSON ~2 KiB`, group: 'deflate', workload: `deflate-${direction}`, size: 2 * KiB, count: Math.round((quick ? 3000 : 10_000) * scale), impls: deflateImpls, metric: 'msgPerSec', better: 'higher' });
  }
  return cells;
}

/**
 * The peer path (and query) of a cell. A download's peer sends the warm-up messages too (its
 * `count` is the whole stream); an upload's peer acknowledges the `warmup`-th message as well as
 * the last.
 */
export function cellPath(cell) {
  const sent = (cell.count ?? 0) + (cell.workload === 'download' ? (cell.warmup ?? 0) : 0);
  const query = new URLSearchParams({ size: String(cell.size ?? 0), count: String(sent), type: cell.type ?? 'text' });
  if (cell.workload === 'upload' && cell.warmup) query.set('warmup', String(cell.warmup));
  if (cell.fragments) query.set('frags', String(cell.fragments));
  const path = cell.workload === 'rss' ? '/rss' : `/${cell.workload}`;
  return `${path}?${query}`;
}
