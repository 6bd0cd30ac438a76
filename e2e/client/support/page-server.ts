import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { e2eEnv } from '../../support/env.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The static server of the client scenarios: the harness page and the packed `weft.min.js`. */
export interface PageServer {
  /** URL of the harness page. */
  pageUrl: string;
  close(): Promise<void>;
}

/**
 * Serve, from 127.0.0.1, the harness page and the `weft.min.js` of the tarball that global setup
 * installed (the artefact a CDN would serve). Files are read per request, so a rebuild between
 * runs is picked up.
 */
export async function startPageServer(): Promise<PageServer> {
  const files: Record<string, { path: string; type: string }> = {
    '/client/harness.html': { path: join(here, 'harness.html'), type: 'text/html; charset=utf-8' },
    '/client/harness.js': { path: join(here, 'harness.js'), type: 'text/javascript; charset=utf-8' },
    '/weft/weft.min.js': {
      path: join(e2eEnv().project, 'node_modules/weft/dist/weft.min.js'),
      type: 'text/javascript; charset=utf-8',
    },
  };
  const server: Server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(readFileSync(file.path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: `http://127.0.0.1:${port}/client/harness.html`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
