// The browser part of `pnpm bench`: Weft's browser client against Chromium's bare native
// WebSocket, talking to the same peer as the Node part. Every measurement gets a fresh browser
// context (its own renderer process); the implementations alternate within each repetition.
import { isSelected } from '../lib/args.mjs';
import { launchChromium } from './launch-chromium.mjs';
import { findWeftBrowserBuild, startPageServer } from './page-server.mjs';

const KiB = 1024;
const IMPLS = ['weft', 'native'];

/** The browser cells: message rate with 1 KiB text, throughput with 64 KiB binary, both ways. */
export function buildBrowserPlan({ quick, scale = 1 }) {
  // --scale multiplies the counts as for the Node cells (4 in a full run, 1 with --quick, /4).
  const factor = quick ? scale / 4 : scale;
  const cells = [];
  for (const workload of ['download', 'upload']) {
    cells.push({ size: KiB, type: 'text', count: Math.round(20_000 * factor), workload });
    cells.push({ size: 64 * KiB, type: 'binary', count: Math.max(8, Math.round(512 * factor)), workload });
  }
  return cells.map((c) => ({
    ...c,
    id: `browser-${c.workload}-${c.type}-${c.size / KiB}KiB`,
    label: `browser ${c.workload} ${c.type} ${c.size / KiB} KiB`,
    group: 'browser',
    impls: IMPLS,
    metric: 'msgPerSec',
    better: 'higher',
    references: [['vsNative', 'native']],
  }));
}

async function measureInBrowser(browser, pageUrl, spec) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(pageUrl);
    return await page.evaluate((s) => window.runBench(s), spec);
  } catch (error) {
    return { error: String(error?.message ?? error) };
  } finally {
    await context.close();
  }
}

/** Runs the browser cells against the peer on `peerPort`; never throws (reports `unavailable`). */
export async function runBrowserBench(options, peerPort) {
  const build = findWeftBrowserBuild();
  // Without Weft's build the native side still runs, so the harness itself stays checked.
  const unavailable = build ? undefined : 'Weft browser build missing (packages/weft/dist/weft.min.js, packages/browser/dist/index.js)';
  const impls = build ? IMPLS : ['native'];
  let browser;
  let server;
  const cells = [];
  try {
    browser = await launchChromium();
    server = await startPageServer(build);
    for (const cell of buildBrowserPlan(options).filter((c) => isSelected(options.only, 'browser', c.id))) {
      const entry = { ...cell, impls, samples: Object.fromEntries(impls.map((impl) => [impl, []])) };
      cells.push(entry);
      const query = new URLSearchParams({ size: String(cell.size), count: String(cell.count), type: cell.type });
      const url = `ws://127.0.0.1:${peerPort}/${cell.workload}?${query}`;
      for (let rep = 0; rep < options.reps; rep++) {
        for (const impl of impls) {
          entry.samples[impl].push(await measureInBrowser(browser, server.url, { impl, url, workload: cell.workload, size: cell.size, count: cell.count, type: cell.type }));
        }
      }
    }
    return { build: build?.kind, unavailable, chromium: browser.version(), cells };
  } catch (error) {
    return { unavailable: `browser bench failed: ${error?.message ?? error}`, cells };
  } finally {
    await browser?.close();
    await server?.close();
  }
}
