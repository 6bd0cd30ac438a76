// The targets of issue 6, checked against one run's summaries.
import { formatRatio } from './format.mjs';
import { IMPLEMENTATION_LABELS } from './plan.mjs';
import { hasColdFigure, summariseCell } from './stats.mjs';

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
    // Cells beyond the workloads (fragmented downloads, varied upload lengths) are shown, not checked.
    if (cell.group === 'fragmented' || cell.group === 'varied') continue;
    for (const impl of ['weft', 'weft-connect']) {
      const row = rowOf(cell, impl);
      if (row && Number.isFinite(row.median)) results.push(...nodeTargets(cell, row, IMPLEMENTATION_LABELS[impl]));
    }
  }
  return results;
}

/**
 * The targets one row is checked against. A throughput cell with a warm-up is checked twice: on
 * its primary (warm) figure and on its cold one (the warm-up from a fresh process), which is
 * what a short benchmark of its own would see.
 */
function nodeTargets(cell, row, name) {
  const results = [];
  if (['upload', 'download', 'echo', 'connect'].includes(cell.workload)) {
    const small = cell.size === 16 || cell.size === 1024;
    const floor = small ? 1.3 : 1.0;
    const vsRaw = (cell.workload === 'upload' || cell.workload === 'download') && cell.size >= 65536 && cell.impls.includes('raw');
    // A ratio without a reference (ws or raw TCP not run, or failed) is not a check.
    const check = (figure, vsWs, vsRawRatio) => {
      if (Number.isFinite(vsWs)) results.push({ target: `${cell.label}${figure}: ${name} ≥ ${floor}× ws+bufferutil`, ok: vsWs >= floor, detail: formatRatio(vsWs) });
      if (vsRaw && Number.isFinite(vsRawRatio)) results.push({ target: `${cell.label}${figure}: ${name} ≥ 0.8× raw TCP`, ok: vsRawRatio >= 0.8, detail: formatRatio(vsRawRatio) });
    };
    check('', row.vsWs, row.vsRaw);
    if (hasColdFigure(cell)) check(' (cold)', row.coldVsWs, row.coldVsRaw);
  }
  if (cell.workload === 'rss') {
    results.push({ target: `peak RSS above baseline ≤ 1.5× a 64 MiB message (${name})`, ok: row.ratioToMessage <= 1.5, detail: formatRatio(row.ratioToMessage) });
  }
  return results;
}
