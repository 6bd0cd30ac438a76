// Launching Debian's Chromium through the playwright-core API.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../lib/weft-build.mjs';

/** Flags that keep Chromium from doing background work while it is being measured. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function loadChromium() {
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    // pnpm does not hoist playwright-core: reach it through @playwright/test, which depends on it.
    const require = createRequire(join(repoRoot, 'package.json'));
    const fromTest = createRequire(require.resolve('@playwright/test'));
    return fromTest('playwright-core').chromium;
  }
}

/** Launches Chromium (CHROMIUM_PATH or /usr/bin/chromium), headless. */
export async function launchChromium() {
  const chromium = await loadChromium();
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}
