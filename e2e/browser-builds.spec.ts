import { test, expect, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { findBrowserBundleProblems } from '../scripts/build/browser-purity.mjs';
import { e2eEnv } from './support/env.js';
import { REPO } from './support/paths.js';

/** Open a page of e2e/pages from the local server and wait for its round trip. */
async function roundTripOn(page: Page, name: string): Promise<Record<string, unknown>> {
  const { httpUrl, wsUrl } = e2eEnv();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${httpUrl}/pages/${name}?ws=${encodeURIComponent(wsUrl)}`);
  await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined);
  const result = await page.evaluate(() => (window as unknown as { result: Promise<Record<string, unknown>> }).result);
  expect(errors).toEqual([]);
  return result;
}

const expected = { runtime: 'browser', text: 'hello from browser', binary: [1, 2, 3, 250], state: 'closed', nativeWebSocket: true };

test.describe('the packed weft package in Chromium', () => {
  test('a <script> tag loading weft.min.js exposes Weft and talks to the server', async ({ page }) => {
    expect(await roundTripOn(page, 'cdn.html')).toMatchObject(expected);
  });

  test('a module script importing the browser ESM build talks to the server', async ({ page }) => {
    expect(await roundTripOn(page, 'esm.html')).toMatchObject(expected);
  });

  test('rollup with node-resolve (browser condition) picks the browser build and no Node module', async ({ page }) => {
    const { project } = e2eEnv();
    const entry = join(project, 'bundled-app.js');
    copyFileSync(join(REPO, 'e2e/fixtures/bundled-app.js'), entry);
    const bundle = await rollup({
      input: entry,
      plugins: [nodeResolve({ browser: true, preferBuiltins: false })],
      onwarn: (warning) => {
        throw new Error(`rollup warning: ${warning.message}`);
      },
    });
    const modules = bundle.watchFiles;
    const { output } = await bundle.generate({ format: 'iife' });
    await bundle.close();
    const code = output[0].code;
    expect(modules.filter((id) => id.includes('node_modules/weft/'))).toEqual([join(project, 'node_modules/weft/dist/browser.js')]);
    expect(findBrowserBundleProblems(code)).toEqual([]);
    mkdirSync(join(project, 'out'), { recursive: true });
    writeFileSync(join(project, 'out/bundle.js'), code);
    expect(await roundTripOn(page, 'bundle.html')).toMatchObject(expected);
  });
});
