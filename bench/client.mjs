// One measurement in a fresh process: `node bench/client.mjs '<spec json>'`. Loads one
// implementation, runs one workload against the peer, prints `RESULT <json>` and exits.
import { runConnect } from './workloads/connect.mjs';
import { runDeflateDownload, runDeflateUpload } from './workloads/deflate.mjs';
import { runDownload } from './workloads/download.mjs';
import { runEcho } from './workloads/echo.mjs';
import { runRss } from './workloads/rss.mjs';
import { runUpload } from './workloads/upload.mjs';
import { diagnosticsWanted, startDiagnostics } from './lib/diagnostics.mjs';

const workloads = {
  upload: runUpload,
  download: runDownload,
  echo: runEcho,
  connect: runConnect,
  rss: runRss,
  'deflate-download': runDeflateDownload,
  'deflate-upload': runDeflateUpload,
};
// ws-no-bufferutil is the ws adapter in a child started with WS_NO_BUFFER_UTIL=1; weft-base the
// weft adapter in a child whose WEFT_NODE_ENTRY is WEFT_BASE_ENTRY.
const modules = { weft: 'weft', 'weft-base': 'weft', 'weft-connect': 'weft-connect', ws: 'ws', 'ws-no-bufferutil': 'ws', undici: 'undici', raw: 'raw' };

const spec = JSON.parse(process.argv[2]);
try {
  const { openConnection } = await import(`./impls/${modules[spec.impl]}.mjs`);
  const reportDiagnostics = diagnosticsWanted ? startDiagnostics() : undefined;
  const result = await workloads[spec.workload](openConnection, spec);
  reportDiagnostics?.([spec.impl, spec.workload, spec.type, spec.size].filter((part) => part !== undefined).join(' '));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  process.stdout.write(`RESULT ${JSON.stringify({ error: String(error?.stack ?? error) })}\n`);
  process.exit(1);
}
