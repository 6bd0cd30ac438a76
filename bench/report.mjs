// Renders a bench run (.bench-out/latest.json, or the file given) as the markdown used in
// docs/BENCHMARKS.md: `node bench/report.mjs [file]`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCount, formatMetric, formatRatio } from './lib/format.mjs';
import { IMPLEMENTATION_LABELS } from './lib/plan.mjs';
import { hasColdFigure, summariseCell } from './lib/stats.mjs';
import { repoRoot } from './lib/weft-build.mjs';

const run = JSON.parse(readFileSync(resolve(repoRoot, process.argv[2] ?? '.bench-out/latest.json'), 'utf8'));
const out = [];
const table = (header, rows) => {
  out.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of rows) out.push(`| ${row.join(' | ')} |`);
  out.push('');
};

/** The figure shown for a row: MB/s for big messages, the metric otherwise. */
function showValue(cell, row) {
  if (row === undefined) return 'n/a';
  if (!row.ok) return row.error ? 'failed' : '—';
  if (cell.metric === 'msgPerSec' && cell.size >= 65536) return `${formatCount(row.mbPerSec)} MB/s`;
  if (cell.metric === 'msgPerSec') return `${formatCount(row.median)} msg/s`;
  if (cell.metric === 'p50Us') return `${row.median.toFixed(1)} / ${row.p99Us.toFixed(0)} µs`;
  if (cell.metric === 'aboveBytes') return `${formatMetric(cell.metric, row.median)} (${row.ratioToMessage.toFixed(2)}×)`;
  return formatMetric(cell.metric, row.median);
}

/** A rate (a min, a max, a cold median) in the unit the main table uses for that cell. */
function showBound(cell, value) {
  if (cell.metric === 'msgPerSec' && cell.size >= 65536) return `${formatCount((value * cell.size) / 1e6)} MB/s`;
  return formatMetric(cell.metric, value);
}

const m = run.machine;
out.push(`Run of ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC: \`${run.command}\`, ${run.options.reps} repetitions.`);
out.push(`Machine: ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average at start ${m.loadAverageAtStart?.join(' / ') ?? '?'}.`, '');
if (run.tls) out.push(`Over TLS (\`--tls\`): ${run.tls.protocol}, ${run.tls.cipher}; the "raw TCP" column is raw TLS.`, '');

if (run.cells.length > 0) {
  // Columns for the implementations the run measured (older runs have no weft-connect).
  const impls = ['weft', 'weft-connect', 'ws', 'ws-no-bufferutil', 'undici', 'raw'].filter((i) => run.cells.some((cell) => cell.impls.includes(i)));
  const withConnect = impls.includes('weft-connect');
  const header = ['workload', ...impls.map((i) => IMPLEMENTATION_LABELS[i]), 'weft ÷ ws+bu', 'weft ÷ raw', ...(withConnect ? ['connect() ÷ ws+bu'] : [])];
  const rows = run.cells.map((cell) => {
    const summary = summariseCell(cell);
    const byImpl = Object.fromEntries(summary.map((r) => [r.impl, r]));
    const weft = byImpl.weft;
    const noRatio = cell.metric === 'aboveBytes';
    const ratio = (value) => (noRatio ? '' : formatRatio(value));
    const connectRatio = withConnect ? [ratio(byImpl['weft-connect']?.vsWs)] : [];
    return [cell.label, ...impls.map((i) => showValue(cell, byImpl[i])), ratio(weft?.vsWs), byImpl.raw ? ratio(weft?.vsRaw) : '', ...connectRatio];
  });
  out.push('### Node (medians; echo shows p50 / p99; RSS is the peak above baseline and × the message size)', '');
  table(header, rows);
  renderColdTable(run.cells.filter(hasColdFigure));
}

/** The warm-up messages of the throughput cells: a fresh process, before the JIT has optimised. */
function renderColdTable(cells) {
  if (cells.length === 0) return;
  const impls = ['weft', 'weft-connect', 'ws', 'raw'].filter((i) => cells.some((cell) => cell.impls.includes(i)));
  const weftImpls = impls.filter((i) => i.startsWith('weft'));
  const ratioColumns = [
    ...(impls.includes('ws') ? weftImpls.map((i) => [i, 'coldVsWs', `${IMPLEMENTATION_LABELS[i]} ÷ ws+bu`]) : []),
    ...(impls.includes('raw') ? weftImpls.map((i) => [i, 'coldVsRaw', `${IMPLEMENTATION_LABELS[i]} ÷ raw`]) : []),
  ];
  out.push('### Cold start: the warm-up messages of the throughput cells, from the first message (medians)', '');
  table(
    ['workload', ...impls.map((i) => IMPLEMENTATION_LABELS[i]), ...ratioColumns.map(([, , title]) => title)],
    cells.map((cell) => {
      const byImpl = Object.fromEntries(summariseCell(cell).map((r) => [r.impl, r]));
      const rate = (row) => (Number.isFinite(row?.coldMsgPerSec) ? showBound(cell, row.coldMsgPerSec) : row?.error ? 'failed' : '—');
      return [`${cell.label} (${formatCount(cell.warmup)} msgs)`, ...impls.map((i) => rate(byImpl[i])),
        ...ratioColumns.map(([impl, key]) => formatRatio(byImpl[impl]?.[key]))];
    }),
  );
}

const browserCells = run.browser?.cells ?? [];
if (browserCells.length > 0 || run.browser?.unavailable) {
  out.push(`### Chromium ${run.browser.chromium ?? ''} (Weft ${run.browser.build ?? 'unavailable'} build vs the native WebSocket)`, '');
  if (run.browser.unavailable) out.push(`Weft: ${run.browser.unavailable}`, '');
  table(
    ['workload', 'weft', 'native', 'weft ÷ native'],
    browserCells.map((cell) => {
      const byImpl = Object.fromEntries(summariseCell(cell).map((r) => [r.impl, r]));
      return [cell.label, showValue(cell, byImpl.weft), showValue(cell, byImpl.native), formatRatio(byImpl.weft?.vsNative)];
    }),
  );
}

const spreadCells = [...run.cells, ...browserCells];
if (spreadCells.length > 0) {
  out.push('<details><summary>Spread: min – max of the primary metric over the repetitions</summary>', '');
  const impls = [...new Set(spreadCells.flatMap((c) => c.impls))];
  table(
    ['workload', ...impls.map((i) => IMPLEMENTATION_LABELS[i] ?? i)],
    spreadCells.map((cell) => {
      const byImpl = Object.fromEntries(summariseCell(cell).map((r) => [r.impl, r]));
      return [cell.label, ...impls.map((i) => (byImpl[i]?.ok ? `${showBound(cell, byImpl[i].min)} – ${showBound(cell, byImpl[i].max)}` : ''))];
    }),
  );
  out.push('</details>', '');
}

if (run.targets?.length) {
  out.push('### Targets of issue 6', '');
  for (const t of run.targets) out.push(`- ${t.ok ? '✅' : '❌'} ${t.target}: ${t.detail}`);
  out.push('');
}
console.log(out.join('\n'));
