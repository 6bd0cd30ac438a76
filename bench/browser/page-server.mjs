// Serves the browser bench page from http://127.0.0.1:PORT with Weft's browser build: the CDN
// IIFE (global `Weft`) when it exists, else the ESM entry (with an import map for @weft/core).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, weftBrowserCandidates } from '../lib/weft-build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The browser build to load, or undefined when none exists. */
export function findWeftBrowserBuild() {
  return weftBrowserCandidates.find((candidate) => existsSync(candidate.file));
}

function weftTags(build) {
  if (build === undefined) return '';
  if (build.kind === 'iife') return '<script src="/weft/weft.min.js"></script>';
  const importMap = { imports: { '@weft/core': '/core/index.js' } };
  return (
    `<script type="importmap">${JSON.stringify(importMap)}</script>\n` +
    '<script type="module">import * as Weft from "/weft/index.js"; window.Weft = Weft; window.dispatchEvent(new Event("weft-ready"));</script>'
  );
}

/** Starts the page server (`build` undefined: the native WebSocket only); resolves to `{ url, close() }`. */
export function startPageServer(build) {
  const roots = { '/core/': join(repoRoot, 'packages/core/dist') };
  if (build) roots['/weft/'] = dirname(build.file);
  const page = readFileSync(join(here, 'page.html'), 'utf8').replace('<!--WEFT-->', weftTags(build));
  // The IIFE is read once: a rebuild during the run (rollup empties dist/ first) cannot break it.
  const iife = build?.kind === 'iife' ? readFileSync(build.file) : undefined;
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://page').pathname;
    const send = (type, body) => response.writeHead(200, { 'content-type': type }).end(body);
    if (path === '/') return send('text/html', page);
    if (iife && path === '/weft/weft.min.js') return send('text/javascript', iife);
    if (path === '/bench-page.js') return send('text/javascript', readFileSync(join(here, 'bench-page.js')));
    for (const [prefix, dir] of Object.entries(roots)) {
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (path.startsWith(prefix) && file.startsWith(dir) && existsSync(file)) return send('text/javascript', readFileSync(file));
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) }),
    );
  });
}
