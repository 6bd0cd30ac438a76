// `pnpm bench --tls`: a throwaway certificate for the peer, made with the openssl CLI (as the
// node tests make theirs). Clients trust it through NODE_EXTRA_CA_CERTS, which Node reads at
// start-up for every TLS connection that uses the default CA list: Weft, ws, undici and raw TLS
// alike, with no option that only one implementation would see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Self-signs a P-256 certificate for 127.0.0.1 in a new temporary directory; returns the paths
 * of `cert.pem` and `key.pem` and `remove()`. Throws with a hint when openssl is missing.
 */
export function createBenchCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`--tls needs the openssl CLI to make the peer's certificate: ${error.message}`);
  }
  // Safe to call more than once (the run removes it when done and again on exit).
  return { cert, key, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
