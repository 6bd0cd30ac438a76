/**
 * A self-signed certificate generated at test time with `openssl` (no key is committed), and a
 * `ws` echo server over https using it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

/** PEM key and certificate. */
export interface TestCertificate {
  key: string;
  cert: string;
}

/** A fresh self-signed certificate for `commonName` with the given subjectAltName entries. */
export function generateCertificate(commonName: string, altNames: string): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'weft-interop-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
      '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${altNames}`,
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An echo `ws` server over https on 127.0.0.1. */
export async function startWssEcho(certificate: TestCertificate): Promise<{ port: number; stop(): Promise<void> }> {
  const https: Server = createServer({ key: certificate.key, cert: certificate.cert });
  const wss = new WebSocketServer({ server: https });
  wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  return {
    port: (https.address() as { port: number }).port,
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      https.closeAllConnections();
      await new Promise((resolve) => https.close(resolve));
    },
  };
}
