// The targets of issue 6, checked against one run's summaries.
import { formatRatio } from './format.mjs';
import { summariseCell } from './stats.mjs';

/** Returns `[{ target, ok, detail }]` for the Node and browser targets that the run has data for. */
export function checkTargets(cells) {
  const results = [];
  const rowOf = (cell, impl) => summariseCell(cell).find((r) => r.impl === impl);
  for (const cell of cells) {
    const weft = rowOf(cell, 'weft');
    if (!weft || !Number.isFinite(weft.median)) continue;
    if (cell.group === 'browser') {
      results.push({ target: `${cell.label}: weft ≥ 0.97× native WebSocket`, ok: weft.vsNative >= 0.97, detail: formatRatio(weft.vsNative) });
      continue;
    }
    if (['upload', 'download', 'echo', 'connect'].includes(cell.workload)) {
      const small = cell.size === 16 || cell.size === 1024;
      const floor = small ? 1.3 : 1.0;
      results.push({ target: `${cell.label}: weft ≥ ${floor}× ws+bufferutil`, ok: weft.vsWs >= floor, detail: formatRatio(weft.vsWs) });
      if ((cell.workload === 'upload' || cell.workload === 'download') && cell.size >= 65536) {
        results.push({ target: `${cell.label}: weft ≥ 0.8× raw TCP`, ok: weft.vsRaw >= 0.8, detail: formatRatio(weft.vsRaw) });
      }
    }
    if (cell.workload === 'rss') {
      results.push({ target: 'peak RSS above baseline ≤ 1.5× a 64 MiB message', ok: weft.ratioToMessage <= 1.5, detail: formatRatio(weft.ratioToMessage) });
    }
  }
  return results;
}
