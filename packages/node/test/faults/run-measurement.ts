import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Runs a measurement script (a `.run.ts` file, path from the repository root) in a child
 * process with `--expose-gc` and the TypeScript loader of scripts/fuzz/, and parses the JSON
 * line it prints last. Vitest workers have no `gc()`, and memory figures need one.
 */
export function runMeasurement(script: string, args: string[]): Promise<{ status: number; stderr: string; result: Record<string, any> | undefined }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--expose-gc', '--import', './scripts/fuzz/register.mjs', script, ...args], { cwd: root, timeout: 150_000 },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1);
        let result: Record<string, any> | undefined;
        try {
          result = last ? JSON.parse(last) : undefined;
        } catch {
          result = undefined;
        }
        resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr, result });
      });
  });
}
