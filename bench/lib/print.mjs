// The readable stdout table: one block per cell, one line per implementation.
import { formatCount, formatMetric, formatRatio, renderTextTable } from './format.mjs';
import { IMPLEMENTATION_LABELS } from './plan.mjs';
import { DEFAULT_REFERENCES, hasColdFigure, summariseCell } from './stats.mjs';

const REFERENCE_TITLES = { vsWs: '÷ws+bu', vsRaw: '÷raw', vsNative: '÷native' };
const COLD_KEYS = { vsWs: 'coldVsWs', vsRaw: 'coldVsRaw' };

/** Renders one cell's summary as text. */
export function renderCell(cell) {
  const rows = summariseCell(cell);
  const references = (cell.references ?? DEFAULT_REFERENCES).filter(([, impl]) => cell.impls.includes(impl));
  // A throughput cell's warm-up (not in the primary figure) gets its own columns.
  const cold = hasColdFigure(cell);
  const coldReferences = cold ? references.filter(([key]) => key === 'vsWs' || key === 'vsRaw') : [];
  const header = ['impl', 'median', 'min', 'max', 'extra', ...references.map(([key]) => REFERENCE_TITLES[key]),
    ...(cold ? ['cold', ...coldReferences.map(([key]) => `cold ${REFERENCE_TITLES[key]}`)] : [])];
  const body = rows.map((row) => [
    IMPLEMENTATION_LABELS[row.impl] ?? row.impl,
    row.error && !row.ok ? `failed: ${row.error.slice(0, 60)}` : formatMetric(cell.metric, row.median),
    formatMetric(cell.metric, row.min),
    formatMetric(cell.metric, row.max),
    describeExtra(cell, row),
    ...references.map(([key]) => (cell.metric === 'aboveBytes' ? '' : formatRatio(row[key]))),
    ...(cold ? [formatMetric(cell.metric, row.coldMsgPerSec), ...coldReferences.map(([key]) => formatRatio(row[COLD_KEYS[key]]))] : []),
  ]);
  const warm = cold ? ` after ${formatCount(cell.warmup)} of warm-up` : '';
  const count = cell.count ? ` (${formatCount(cell.count)} msgs${warm})` : '';
  return `\n${cell.label}${count}\n${renderTextTable(header, body)}`;
}

/** The secondary figure of a row: MB/s, p99, × message size, or deflate wire ratio. */
export function describeExtra(cell, row) {
  if (row.wireRatio !== undefined && Number.isFinite(row.wireRatio)) return `${formatCount(row.mbPerSec)} MB/s, wire ${(row.wireRatio * 100).toFixed(0)}%`;
  if (row.mbPerSec !== undefined) return `${formatCount(row.mbPerSec)} MB/s`;
  if (row.p99Us !== undefined) return Number.isFinite(row.p99Us) ? `p99 ${row.p99Us.toFixed(0)} µs` : '';
  if (row.ratioToMessage !== undefined) return Number.isFinite(row.ratioToMessage) ? `${row.ratioToMessage.toFixed(2)}× msg` : '';
  return '';
}
