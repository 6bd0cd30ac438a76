import { test, expect, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
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

  test('examples/bundled-frontend, bundled by rollup (browser condition), gets the browser build and no Node module', async ({ page }) => {
    const { project, httpUrl, wsUrl } = e2eEnv();
    const example = join(REPO, 'examples/bundled-frontend');
    // The example's own sources and rollup config, next to the installed tarball.
    const app = join(project, 'out/frontend');
    mkdirSync(join(app, 'src'), { recursive: true });
    copyFileSync(join(example, 'src/main.js'), join(app, 'src/main.js'));
    copyFileSync(join(example, 'index.html'), join(app, 'index.html'));
    const config = (await import(pathToFileURL(join(example, 'rollup.config.mjs')).href)).default;
    const bundle = await rollup({
      ...config,
      input: join(app, 'src/main.js'),
      onwarn: (warning) => {
        throw new Error(`rollup warning: ${warning.message}`);
      },
    });
    const { output } = await bundle.write({ ...config.output, file: join(app, 'dist/app.js') });
    await bundle.close();
    const fromWeft = bundle.watchFiles.filter((id) => id.includes('node_modules/weft/'));
    expect(fromWeft).toEqual([join(project, 'node_modules/weft/dist/browser.js')]);
    expect(findBrowserBundleProblems(output[0].code)).toEqual([]);

    await page.goto(`${httpUrl}/app/frontend/index.html?url=${encodeURIComponent(wsUrl)}`);
    await expect(page.locator('#state')).toHaveText('open');
    await page.fill('input[name="text"]', 'from the bundle');
    await page.click('button');
    await expect(page.locator('#messages')).toContainText('← from the bundle');
  });

  test('examples/cdn/index.html works as written (its unpkg URL served from the packed tarball)', async ({ page }) => {
    const { httpUrl, wsUrl, project } = e2eEnv();
    await page.route('https://unpkg.com/weft@0.1/dist/weft.min.js', (route) =>
      route.fulfill({ path: join(project, 'node_modules/weft/dist/weft.min.js'), contentType: 'text/javascript' }),
    );
    await page.goto(`${httpUrl}/examples/cdn/index.html?url=${encodeURIComponent(wsUrl)}`);
    await expect(page.locator('#state')).toHaveText('open');
    await page.fill('input[name="text"]', 'from the CDN example');
    await page.click('button');
    await expect(page.locator('#messages')).toContainText('← from the CDN example');
  });
});
