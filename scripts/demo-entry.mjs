// `pnpm demo`: build if needed, start a local server on 127.0.0.1, run the scripted Node client,
// then serve the browser demo until Ctrl-C. `pnpm demo --once` runs the scripted part and exits
// (0 when every step worked). `--port N` serves the page on a fixed port (default: a free one);
// `--serve` skips the scripted part.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values: args } = parseArgs({
  options: { once: { type: 'boolean', default: false }, serve: { type: 'boolean', default: false }, port: { type: 'string', default: '0' } },
});

const BUILT = ['node.js', 'weft.min.js'].map((f) => `${ROOT}packages/weft/dist/${f}`);
if (!BUILT.every((f) => existsSync(f))) {
  console.log('Building the packages first (pnpm build)…');
  execFileSync(process.execPath, [`${ROOT}node_modules/rollup/dist/bin/rollup`, '-c', 'rollup.config.mjs', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

const { startDemoPeer } = await import('./demo/demo-peer.mjs');
const { runStory } = await import('./demo/story.mjs');
const { heading } = await import('./demo/print.mjs');

const peer = await startDemoPeer({ port: Number(args.port) });
console.log(`Weft demo — local server on ${peer.wsUrl} (echo + broadcast, \`ws\` package)`);
try {
  if (!args.serve) await runStory(peer);
} catch (error) {
  console.error('\nThe demo failed:', error);
  await peer.close();
  process.exit(1);
}

if (args.once) {
  await peer.close();
  console.log('\nDemo finished: every step worked.');
  // Everything is closed, so the process ends by itself; should a handle linger, do not hang CI.
  setTimeout(() => process.exit(0), 3_000).unref();
} else {
  heading('Browser demo');
  console.log(`Open ${peer.pageUrl} — live connection state, messages, reconnect countdown, latency.`);
  console.log('Press Ctrl-C to stop.');
  const stop = async () => {
    await peer.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
