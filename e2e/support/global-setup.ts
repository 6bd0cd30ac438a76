import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPackedProject, ensureBuilt } from './packed-project.js';
import { REPO } from './paths.js';
import { startServers } from './servers.js';

/**
 * Once per run: build if needed, pack `weft` and install the tarball into a temporary project,
 * then serve that installed copy (not the workspace's dist) with an echo peer. Tests read the
 * addresses from the environment (set before the workers start).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureBuilt();
  const project = createPackedProject();
  const out = join(project, 'out');
  mkdirSync(out, { recursive: true });
  const servers = await startServers({
    '/pages/': join(REPO, 'e2e/pages'),
    '/weft/': join(project, 'node_modules/weft'),
    '/app/': out,
    '/examples/': join(REPO, 'examples'),
  });
  process.env.WEFT_E2E_HTTP = servers.httpUrl;
  process.env.WEFT_E2E_WS = servers.wsUrl;
  process.env.WEFT_E2E_PROJECT = project;
  return async () => {
    await servers.close();
    rmSync(dirname(project), { recursive: true, force: true });
  };
}
