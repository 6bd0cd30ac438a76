import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { e2eEnv } from './support/env.js';
import { REPO } from './support/paths.js';

const run = promisify(execFile);

/** Copy a fixture into the packed project and run it with Node; returns its JSON line. */
async function runFixture(name: string): Promise<Record<string, unknown>> {
  const { project, wsUrl } = e2eEnv();
  copyFileSync(join(REPO, 'e2e/fixtures', name), join(project, name));
  // The process must also exit by itself: no timer or socket may outlive close().
  const { stdout } = await run(process.execPath, [name, wsUrl], { cwd: project, timeout: 20_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
}

test.describe('the packed weft package in Node', () => {
  test('import("weft") resolves to the Node ESM build and round-trips a message', async () => {
    const result = await runFixture('node-esm.mjs');
    expect(String(result.resolved)).toMatch(/node_modules\/weft\/dist\/node\.js$/);
    expect(result).toMatchObject({
      runtime: 'node',
      text: 'hello from esm',
      rawText: 'raw hello',
      ownWebSocket: true,
      hasDefault: false,
      errors: true,
    });
  });

  test('require("weft") resolves to the Node CJS build and round-trips a message', async () => {
    const result = await runFixture('node-cjs.cjs');
    expect(String(result.resolved)).toMatch(/node_modules\/weft\/dist\/node\.cjs$/);
    expect(result).toMatchObject({ runtime: 'node', text: 'hello from cjs', ownWebSocket: true, hasDefault: false, errors: true });
  });

  test('the installed package has no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(e2eEnv().project, 'node_modules/weft/package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
  });
});
