// Number formatting shared by the stdout table and the markdown report.

/** 1234567 → "1.23 M", 1234 → "1.23 k"; three significant digits. */
export function formatCount(value) {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)} M`;
  if (abs >= 1e3) return `${(value / 1e3).toPrecision(3)} k`;
  // Counts (8 messages) read as counts, not as "8.00".
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}

/** A ratio as "1.23×". */
export function formatRatio(value) {
  if (!Number.isFinite(value)) return '—';
  return value < 0.1 ? `${value.toPrecision(2)}×` : `${value.toFixed(2)}×`;
}

/** Bytes as MiB with one decimal. */
export function formatMiB(bytes) {
  return Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : '—';
}

/** The primary metric of a cell, with its unit. */
export function formatMetric(metric, value) {
  if (!Number.isFinite(value)) return '—';
  switch (metric) {
    case 'msgPerSec':
      return `${formatCount(value)} msg/s`;
    case 'p50Us':
      return `${value.toFixed(1)} µs`;
    case 'connPerSec':
      return `${formatCount(value)} conn/s`;
    case 'aboveBytes':
      return formatMiB(value);
    default:
      return formatCount(value);
  }
}

/** Lays out rows of strings as a left-aligned text table with a header row. */
export function renderTextTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
