// Medians, ranges and pair-by-pair ratios over the repetitions of one cell.

/** The median of the finite numbers in `values` (NaN when there are none). */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value of a cell's metric in one sample (NaN for a failed sample). */
export function metricOf(sample, metric) {
  return sample && !sample.error && Number.isFinite(sample[metric]) ? sample[metric] : NaN;
}

/**
 * The median over repetitions of the ratio impl ÷ reference, each ratio taken within one
 * repetition and oriented so that > 1 always means "better than the reference".
 */
export function pairedRatio(samples, reference, metric, better) {
  const ratios = [];
  const count = Math.min(samples.length, reference.length);
  for (let rep = 0; rep < count; rep++) {
    const a = metricOf(samples[rep], metric);
    const b = metricOf(reference[rep], metric);
    if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0 || b === 0) continue;
    ratios.push(better === 'higher' ? a / b : b / a);
  }
  return median(ratios);
}

/** Summarises one implementation's samples in a cell. */
export function summarise(samples, metric) {
  const values = samples.map((s) => metricOf(s, metric)).filter(Number.isFinite);
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : NaN,
    max: values.length ? Math.max(...values) : NaN,
    ok: values.length,
    failed: samples.length - values.length,
  };
}

/** The ratio columns of a Node cell: to `ws`+bufferutil and to raw TCP. */
export const DEFAULT_REFERENCES = [
  ['vsWs', 'ws'],
  ['vsRaw', 'raw'],
];

/** Summary rows for every implementation of a cell, with ratios to `ws` and to raw TCP. */
export function summariseCell(cell) {
  const rows = [];
  for (const impl of cell.impls) {
    const samples = cell.samples[impl] ?? [];
    const row = { impl, ...summarise(samples, cell.metric) };
    if (cell.metric === 'msgPerSec') row.mbPerSec = median(samples.map((s) => metricOf(s, 'mbPerSec')));
    if (cell.metric === 'p50Us') row.p99Us = median(samples.map((s) => metricOf(s, 'p99Us')));
    if (cell.metric === 'aboveBytes') row.ratioToMessage = median(samples.map((s) => metricOf(s, 'ratioToMessage')));
    if (hasColdFigure(cell)) Object.assign(row, summariseCold(cell, samples));
    if (cell.workload.startsWith('deflate')) row.wireRatio = median(samples.map((s) => metricOf(s, 'wireRatio')));
    for (const [key, reference] of cell.references ?? DEFAULT_REFERENCES) {
      if (cell.impls.includes(reference) && cell.metric !== 'aboveBytes') {
        row[key] = pairedRatio(samples, cell.samples[reference] ?? [], cell.metric, cell.better);
      }
    }
    const firstError = samples.find((s) => s?.error)?.error;
    if (firstError) row.error = firstError.split('\n')[0];
    rows.push(row);
  }
  return rows;
}

/** True for a throughput cell with a warm-up, whose samples carry a cold figure. */
export function hasColdFigure(cell) {
  return (cell.workload === 'upload' || cell.workload === 'download') && cell.warmup > 0;
}

/**
 * A throughput cell's cold figure: the rate of its warm-up messages from the start (a fresh
 * process, code not optimised yet), as a median and paired with ws's and raw TCP's.
 */
function summariseCold(cell, samples) {
  const cold = (list) => list.map((sample) => sample?.cold);
  const coldMsgPerSec = median(cold(samples).map((sample) => metricOf(sample, 'msgPerSec')));
  const pairedCold = (reference) => (cell.impls.includes(reference)
    ? pairedRatio(cold(samples), cold(cell.samples[reference] ?? []), 'msgPerSec', 'higher') : NaN);
  return { coldMsgPerSec, coldVsWs: pairedCold('ws'), coldVsRaw: pairedCold('raw') };
}
