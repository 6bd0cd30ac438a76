// The targets of issue 6, checked against one run's summaries.
import { formatRatio } from './format.mjs';
import { IMPLEMENTATION_LABELS } from './plan.mjs';
import { summariseCell } from './stats.mjs';

/**
 * Returns `[{ target, ok, detail }]` for the Node and browser targets that the run has data for.
 * Node targets are checked for both ways into Weft: the WHATWG `WebSocket` (`weft`) and the
 * reconnecting `connect()` socket (`weft-connect`).
 */
export function checkTargets(cells) {
  const results = [];
  const rowOf = (cell, impl) => summariseCell(cell).find((r) => r.impl === impl);
  for (const cell of cells) {
    if (cell.group === 'browser') {
      const weft = rowOf(cell, 'weft');
      if (weft && Number.isFinite(weft.median)) results.push({ target: `${cell.label}: weft ≥ 0.97× native WebSocket`, ok: weft.vsNative >= 0.97, detail: formatRatio(weft.vsNative) });
      continue;
    }
    for (const impl of ['weft', 'weft-connect']) {
      const row = rowOf(cell, impl);
      if (row && Number.isFinite(row.median)) results.push(...nodeTargets(cell, row, IMPLEMENTATION_LABELS[impl]));
    }
  }
  return results;
}

function nodeTargets(cell, row, name) {
  const results = [];
  if (['upload', 'download', 'echo', 'connect'].includes(cell.workload)) {
    const small = cell.size === 16 || cell.size === 1024;
    const floor = small ? 1.3 : 1.0;
    results.push({ target: `${cell.label}: ${name} ≥ ${floor}× ws+bufferutil`, ok: row.vsWs >= floor, detail: formatRatio(row.vsWs) });
    if ((cell.workload === 'upload' || cell.workload === 'download') && cell.size >= 65536 && cell.impls.includes('raw')) {
      results.push({ target: `${cell.label}: ${name} ≥ 0.8× raw TCP`, ok: row.vsRaw >= 0.8, detail: formatRatio(row.vsRaw) });
    }
  }
  if (cell.workload === 'rss') {
    results.push({ target: `peak RSS above baseline ≤ 1.5× a 64 MiB message (${name})`, ok: row.ratioToMessage <= 1.5, detail: formatRatio(row.ratioToMessage) });
  }
  return results;
}
