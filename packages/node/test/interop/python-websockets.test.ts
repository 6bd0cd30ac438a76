/**
 * Interop with Python's `websockets` (Debian's python3-websockets, run with /usr/bin/python3):
 * echo with and without permessage-deflate, and the closing handshake. Skipped with a loud warning
 * only when the module is truly absent (CI installs it).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEchoOfEverySize, openClient } from './interop-client.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./echo_server.py', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import websockets; print(websockets.__version__)'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) {
  console.warn(`\n\n!!! python3-websockets is NOT installed (${PYTHON}): the Python interop tests are SKIPPED.\n!!! Install it with: apt-get install -y python3-websockets\n\n`);
}

async function startPythonServer(mode: 'plain' | 'deflate'): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(PYTHON, [SCRIPT, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', (code) => reject(new Error(`echo_server.py exited with ${code}`)));
    setTimeout(() => reject(new Error('echo_server.py did not print its port within 10 s')), 10_000);
  });
  return { url: `ws://127.0.0.1:${port}/`, child };
}

for (const mode of ['plain', 'deflate'] as const) {
  describe.skipIf(!available)(`python-websockets ${probe.stdout.trim()} server (${mode})`, () => {
    let server: { url: string; child: ChildProcess };
    beforeAll(async () => {
      server = await startPythonServer(mode);
    });
    afterAll(() => {
      server?.child.kill();
    });

    it('echoes text and binary messages of several sizes byte for byte', async () => {
      const client = await openClient(server.url, { perMessageDeflate: mode === 'deflate' });
      if (mode === 'deflate') expect(client.ws.extensions).toMatch(/^permessage-deflate/);
      else expect(client.ws.extensions).toBe('');
      await expectEchoOfEverySize(client, 11);
      client.ws.close(1000, 'done');
      expect(await client.closed).toMatchObject({ code: 1000, reason: 'done', wasClean: true });
    });

    it('completes a closing handshake started by the client with a custom code', async () => {
      const client = await openClient(server.url, { perMessageDeflate: mode === 'deflate' });
      client.ws.close(4000, 'bye');
      expect(await client.closed).toMatchObject({ code: 4000, reason: 'bye', wasClean: true });
    });
  });
}
